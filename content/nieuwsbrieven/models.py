"""Newsletters: issues as Wagtail pages, lists, subscribers and sending records.

An issue is a page under the archive page (``/nieuwsbrieven/``), so editors get
drafts, preview, revisions and publishing from Wagtail. Who receives what is
kept in ``Subscription`` rows (one per address per list, with the double opt-in
state) and an append-only ``ConsentRecord`` log as proof of consent. A send of
an issue to lists is a ``NewsletterSend`` with one ``Delivery`` per recipient;
the delivery row is what guarantees nobody gets the same send twice.
"""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms.caching.pages import remember, remember_shown
from cms.caching.sitewide import RestrictionsFromCacheMixin, public

from .blocks import NewsletterStreamBlock

# Slugs taken by the subscription views under /nieuwsbrieven/ (content.nieuwsbrieven.urls).
RESERVED_SLUGS = {"aanmelden", "bevestigen", "afmelden", "beheren"}

__all__ = [
    "Bounce",
    "ConsentRecord",
    "Delivery",
    "NewsletterIndexPage",
    "NewsletterList",
    "NewsletterPage",
    "NewsletterSend",
    "Subscriber",
    "Subscription",
]


def new_token():
    """An unguessable URL-safe token (256 bits); never derived from the e-mail address."""
    return secrets.token_urlsafe(32)


class NewsletterIndexPage(RestrictionsFromCacheMixin, Page):
    """The public archive: every published issue, newest first."""

    intro = RichTextField(_("introductie"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["content.NewsletterPage"]
    max_count = 1
    template = "content/newsletter/index_page.html"

    class Meta:
        verbose_name = _("nieuwsbriefarchief")

    def issues(self):
        return public(NewsletterPage.objects.child_of(self).live()).order_by(
            "-issue_date", "-first_published_at"
        )

    def listed_issues(self):
        """Every public issue with what the archive shows of it (one query), kept for one
        page-cache generation (``cms.caching.pages.remember``): the archive changes only when an
        issue is published, unpublished, moved or deleted. At one issue a month this is a
        short list; it is paged in Python, without a count query."""

        def compute():
            fields = ("id", "title", "url_path", "intro", "issue_date")
            return list(self.issues().only(*fields))

        return remember(f"newsletter-archive:{self.pk}", compute)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.listed_issues(), 20)
        context["issues"] = paginator.get_page(request.GET.get("pagina"))
        return context


class NewsletterPage(RestrictionsFromCacheMixin, Page):
    """One issue of the newsletter: readable on the site and sendable by e-mail."""

    issue_date = models.DateField(_("datum van de nieuwsbrief"), default=timezone.localdate)
    intro = models.TextField(
        _("samenvatting"),
        blank=True,
        help_text=_("Eén of twee zinnen; staat in het archief en bovenaan de e-mail."),
    )
    body = StreamField(NewsletterStreamBlock(), verbose_name=_("inhoud"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("issue_date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("intro"), index.SearchField("body")]
    parent_page_types = ["content.NewsletterIndexPage"]
    subpage_types = []
    template = "content/newsletter/newsletter_page.html"

    preview_modes = [("", _("Webversie")), ("email", _("E-mail"))]

    class Meta:
        verbose_name = _("nieuwsbrief")
        verbose_name_plural = _("nieuwsbrieven")

    def clean(self):
        super().clean()
        if self.slug in RESERVED_SLUGS:
            raise ValidationError(
                {"slug": _("Dit webadres is gereserveerd voor aan- en afmelden; kies een ander.")}
            )

    def shown(self):
        """The rendered body and the archive page it links back to (a query, and most
        of the rendering). Only a publish, move or delete changes them, so a live issue
        keeps them for one page-cache generation; a preview computes them afresh. The
        blocks are rendered without the request: no block may depend on who asks."""
        context = {"page": self}
        body = "".join(str(block.render_as_block(context)) for block in self.body)
        return {
            "body_html": mark_safe(body),  # noqa: S308 - the blocks' own escaped output
            "archive": self.get_parent(),
        }

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(remember_shown(request, f"newsletter-shown:{self.pk}", self.shown))
        return context

    def serve_preview(self, request, mode_name):
        if mode_name == "email":
            from django.http import HttpResponse

            from .rendering import preview_html

            return HttpResponse(preview_html(self))
        return super().serve_preview(request, mode_name)


class NewsletterList(models.Model):
    """A mailing list people can subscribe to, e.g. "Scholen PO"."""

    name = models.CharField(_("naam"), max_length=100, unique=True)
    description = models.CharField(_("omschrijving"), max_length=255, blank=True)
    is_public = models.BooleanField(
        _("zichtbaar op het aanmeldformulier"),
        default=True,
        help_text=_("Uit: alleen via import of beheer te vullen."),
    )
    sort_order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        verbose_name = _("verzendlijst")
        verbose_name_plural = _("verzendlijsten")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class BounceKind(models.TextChoices):
    HARD = "hard", _("hard (adres bestaat niet)")
    SOFT = "soft", _("zacht (tijdelijk niet bezorgd)")


class Subscriber(models.Model):
    """An e-mail address that is (or was) on one or more lists.

    ``token`` is the personal key in the unsubscribe and manage links; it is
    random, so it tells nothing about the address and cannot be guessed.
    """

    email = models.EmailField(_("e-mailadres"), unique=True)
    name = models.CharField(_("naam"), max_length=150, blank=True)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    confirmation_sent_at = models.DateTimeField(
        _("laatste bevestigingsmail"), null=True, blank=True, editable=False
    )
    # Set when mail keeps coming back (``.bounces``): then no more issues, whatever the lists.
    suppressed_at = models.DateTimeField(
        _("geblokkeerd sinds"), null=True, blank=True, editable=False
    )
    suppressed_reason = models.CharField(
        _("reden blokkade"), max_length=20, blank=True, editable=False, choices=BounceKind
    )

    class Meta:
        verbose_name = _("abonnee")
        verbose_name_plural = _("abonnees")
        ordering = ["email"]
        permissions = [("import_subscriber", "Abonnees importeren")]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)


class Subscription(models.Model):
    """One address on one list, with its double opt-in state."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wacht op bevestiging")
        ACTIVE = "active", _("actief")
        UNSUBSCRIBED = "unsubscribed", _("afgemeld")

    class Source(models.TextChoices):
        FORM = "form", _("aanmeldformulier")
        IMPORT = "import", _("import")
        MANAGE = "manage", _("lijsten beheren")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    newsletter_list = models.ForeignKey(
        NewsletterList,
        on_delete=models.CASCADE,
        related_name="subscriptions",
        verbose_name=_("lijst"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PENDING
    )
    source = models.CharField(_("herkomst"), max_length=20, choices=Source.choices)
    requested_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    # SHA-256 of the token in the confirmation link; the token itself is only in the mail.
    confirmation_token_hash = models.CharField(max_length=64, blank=True, db_index=True)
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(_("afgemeld op"), null=True, blank=True)
    unsubscribed_by_send = models.ForeignKey(
        "content.NewsletterSend",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="unsubscriptions",
        verbose_name=_("afgemeld via verzending"),
    )

    class Meta:
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            models.UniqueConstraint(
                fields=["subscriber", "newsletter_list"],
                name="newsletter_one_subscription_per_list",
            )
        ]

    def __str__(self):
        return f"{self.newsletter_list.name}: {self.get_status_display()}"


class ConsentRecord(models.Model):
    """Append-only proof of consent and its withdrawal; no IP addresses.

    For a confirmation by link the proof is the hash of the token that was
    mailed to the address and the moment it came back; for an import it is the
    beheerder's note on where the consent was given.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("bevestigd via link in e-mail")
        IMPORTED = "imported", _("toestemming vastgelegd bij import")
        UNSUBSCRIBED = "unsubscribed", _("afgemeld")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="consent_records"
    )
    newsletter_list = models.ForeignKey(
        NewsletterList, on_delete=models.CASCADE, related_name="consent_records"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    token_hash = models.CharField(max_length=64, blank=True)
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("toestemmingsbewijs")
        verbose_name_plural = _("toestemmingsbewijzen")
        ordering = ["recorded_at"]

    def __str__(self):
        when = timezone.localtime(self.recorded_at)
        return f"{self.newsletter_list.name}: {self.get_kind_display()} ({when:%d-%m-%Y %H:%M})"


class NewsletterSend(models.Model):
    """One issue sent to one or more lists; the mail is rendered once and kept here."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        SENDING = "sending", _("bezig")
        DONE = "done", _("klaar")

    issue = models.ForeignKey(
        NewsletterPage,
        on_delete=models.SET_NULL,
        null=True,
        related_name="sends",
        verbose_name=_("nieuwsbrief"),
    )
    issue_title = models.CharField(_("titel"), max_length=255)
    lists = models.ManyToManyField(NewsletterList, related_name="sends", verbose_name=_("lijsten"))
    subject = models.CharField(_("onderwerp"), max_length=255)
    html = models.TextField()
    text = models.TextField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("verzending")
        verbose_name_plural = _("verzendingen")
        ordering = ["-created_at"]
        permissions = [("send_newsletter", "Nieuwsbrieven versturen")]

    def __str__(self):
        return f"{self.issue_title} ({self.created_at:%d-%m-%Y})"


class Delivery(models.Model):
    """One recipient of one send.

    The status moves queued → claimed (taken into a batch) → sending (just
    before the SMTP calls of its small group) → sent or failed. Only queued
    rows are ever picked up, so a row that reached "sending" is never mailed
    again, even after a crash (see ``content.nieuwsbrieven.sending``).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("in de wachtrij")
        CLAIMED = "claimed", _("in een batch")
        SENDING = "sending", _("wordt verstuurd")
        SENT = "sent", _("verstuurd")
        FAILED = "failed", _("mislukt")

    send = models.ForeignKey(NewsletterSend, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.SET_NULL, null=True, related_name="deliveries"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    claim = models.UUIDField(null=True, blank=True, default=None)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("bezorging")
        verbose_name_plural = _("bezorgingen")
        constraints = [
            models.UniqueConstraint(fields=["send", "subscriber"], name="newsletter_one_delivery")
        ]
        indexes = [models.Index(fields=["send", "status"], name="newsletter_delivery_status")]

    def __str__(self):
        return self.get_status_display()


class Bounce(models.Model):
    """A send that came back (``.bounces``): one per delivery, so a bounce read twice counts
    once (a later hard one upgrades a soft one). Keeps the DSN status code, no address."""

    delivery = models.OneToOneField(
        Delivery, on_delete=models.CASCADE, related_name="bounce", verbose_name=_("bezorging")
    )
    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="bounces", verbose_name=_("abonnee")
    )
    kind = models.CharField(_("soort"), max_length=10, choices=BounceKind)
    status = models.CharField(_("statuscode"), max_length=20, blank=True)
    received_at = models.DateTimeField(_("ontvangen op"), default=timezone.now)

    class Meta:
        verbose_name = _("bounce")
        verbose_name_plural = _("bounces")
        ordering = ["-received_at"]

    def __str__(self):
        return f"{self.get_kind_display()} {self.status} ({self.received_at:%d-%m-%Y})"
