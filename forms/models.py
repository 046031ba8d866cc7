"""Loket form pages, drafts and submissions.

* ``LoketFormIndexPage`` (slug ``loket`` under the home page) holds the form pages.
  ``/loket/`` itself is the loket app's Django view ("Mijn loket"), so the index
  routes its children at ``/loket/aanvragen/nieuw/<form-slug>/`` and lists them at
  ``/loket/aanvragen/nieuw/``.
* ``LoketFormPage`` is what a formulierbeheerder builds: steps as a StreamField,
  window, notification addresses, confirmation text.
* ``FormDraft`` keeps answers in the database (not in the session), pinned to the
  page revision it was started on; ``FormDraftFile`` its uploads. A user may keep
  several drafts of one form; a draft belongs to its organisation, so every filler
  of that organisation sees and may continue it (``forms.filling.drafts``).
* ``FormSubmission`` is the finished, immutable result handed to the loket through
  ``forms.handoff.hand_off`` to the hand-off its page chose.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.url_routing import RouteResult

from cms.caching.sitewide import RestrictionsFromCacheMixin
from cms.files.storage import private_storage

from . import definition as d
from .audiences import AudienceListField, allowed
from .blocks import StepsBlock
from .handoff import handoff_choices, unlisted
from .registry import Registry

FORMS_PATH = ["aanvragen", "nieuw"]
# Below a form page: <page>/ingediend/<key>/ (confirmation), <page>/concept/<key>/ (a draft).
ROUTES = {"ingediend": "submission_key", "concept": "draft_key"}
# What a form page serves - the wizard, the confirmation, the editor's preview - is view
# code that builds on these models (``forms.filling.wizard``, ``forms.views``); it is
# registered here under these keys in ``FormsConfig.ready``, so the models import no view.
page_views = Registry("form page views")


class LoketFormIndexPage(RestrictionsFromCacheMixin, Page):
    """Container of the loket forms; its subtree is what formulierbeheerders edit."""

    intro = RichTextField(_("introductie"), blank=True, features=["bold", "italic", "link"])

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["content.HomePage"]
    subpage_types = ["forms.LoketFormPage"]
    max_count = 1

    class Meta:
        verbose_name = _("overzicht loketformulieren")

    def route(self, request, path_components):
        path_components = list(path_components)
        if path_components[: len(FORMS_PATH)] != FORMS_PATH:
            if not path_components:
                return super().route(request, path_components)
            raise Http404
        rest = path_components[len(FORMS_PATH) :]
        if not rest:
            if not self.live:
                raise Http404
            return RouteResult(self)
        child = self.get_children().filter(slug=rest[0]).live().specific().first()
        if child is None:
            raise Http404
        return child.route(request, rest[1:])

    def serve(self, request, *args, **kwargs):
        """The list of forms follows the forms' own rule (``forms.fillers``), read only."""
        from django.contrib.auth.views import redirect_to_login
        from django.core.exceptions import PermissionDenied
        from django.http import HttpResponseNotAllowed

        from . import fillers

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not fillers.may_fill_in(request.user):
            raise PermissionDenied
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        return super().serve(request, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        from .fillers import organisations_of

        pages = list(LoketFormPage.objects.child_of(self).live().order_by("title"))
        pages = [page for page in pages if unlisted(page) is None]  # started elsewhere
        if any(page.audiences for page in pages):  # only then the user's organisations
            organisations = list(organisations_of(request.user))
            pages = [page for page in pages if page.is_for(organisations)]
        context["forms"] = pages
        return context


class LoketFormPage(RestrictionsFromCacheMixin, Page):
    """One loket form: steps with fields, a window, and what happens on submit."""

    intro = RichTextField(_("introductie"), blank=True)
    handoff = models.CharField(
        _("afhandeling"),
        max_length=30,
        choices=handoff_choices,
        blank=True,
        help_text=_(
            "Wat er met een inzending gebeurt; de keuzes komen van de apps die "
            "inzendingen ontvangen."
        ),
    )
    steps = StreamField(StepsBlock(), verbose_name=_("stappen"), blank=False)
    confirmation_text = RichTextField(
        _("bevestigingstekst"),
        blank=True,
        help_text=_("Getoond na het indienen."),
        features=["bold", "italic", "link", "ul"],
    )
    notify_emails = models.TextField(
        _("meldingen naar"),
        blank=True,
        help_text=_("E-mailadressen (één per regel) die een melding krijgen bij elke inzending."),
    )
    open_from = models.DateTimeField(_("open vanaf"), null=True, blank=True)
    open_until = models.DateTimeField(_("open tot"), null=True, blank=True)
    support_start_min = models.DateField(
        _("ondersteuning start op of na"),
        null=True,
        blank=True,
        help_text=_("Optioneel: de vroegste startdatum van de ondersteuning."),
    )
    support_start_field = models.CharField(
        _("veld met de startdatum"),
        max_length=50,
        blank=True,
        help_text=_("Technische naam van het datumveld dat met deze datum wordt vergeleken."),
    )
    audiences = AudienceListField(
        _("alleen voor"),
        default=list,
        blank=True,
        help_text=_(
            "Niets aangevinkt: iedereen die formulieren invult, kan dit formulier gebruiken."
        ),
    )
    expected_days = models.PositiveSmallIntegerField(
        _("verwachte afhandeltermijn in werkdagen"),
        null=True,
        blank=True,
        help_text=_(
            "Getoond na het indienen: binnen hoeveel werkdagen de indiener bericht krijgt."
        ),
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("handoff"),
        FieldPanel("intro"),
        FieldPanel("steps"),
        FieldPanel("confirmation_text"),
        FieldPanel("expected_days"),
        FieldPanel("notify_emails"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("open_from"), FieldPanel("open_until")]),
                FieldRowPanel([FieldPanel("support_start_min"), FieldPanel("support_start_field")]),
            ],
            heading=_("Openstelling"),
        ),
        FieldPanel("audiences"),
        *Page.settings_panels,
    ]
    parent_page_types = ["forms.LoketFormIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("loketformulier")
        verbose_name_plural = _("loketformulieren")

    # --- URL: /loket/aanvragen/nieuw/<slug>/ (see LoketFormIndexPage.route) ---

    def set_url_path(self, parent):
        if parent:
            self.url_path = parent.url_path + "/".join(FORMS_PATH) + "/" + self.slug + "/"
        else:
            self.url_path = "/"
        return self.url_path

    def route(self, request, path_components):
        if not self.live:
            raise Http404
        if not path_components:
            return RouteResult(self)
        if len(path_components) == 2 and path_components[0] in ROUTES:
            key = path_components[1]
            try:
                uuid.UUID(key)
            except ValueError:
                raise Http404 from None
            return RouteResult(self, kwargs={ROUTES[path_components[0]]: key})
        raise Http404

    def serve(self, request, submission_key=None, draft_key=None):
        if submission_key:
            return page_views["confirmation"](request, self, submission_key)
        return page_views["wizard"](request, self, draft_key)

    def serve_preview(self, request, mode_name):
        return page_views["preview"](request, self)

    # --- rules ---

    def clean(self):
        super().clean()
        errors = {}
        if self.open_from and self.open_until and self.open_from >= self.open_until:
            errors["open_until"] = _("'Open tot' moet na 'open vanaf' liggen.")
        if self.support_start_field and not self.support_start_min:
            errors["support_start_min"] = _("Vul de datum in waarmee het veld wordt vergeleken.")
        if self.support_start_field:
            target = self.definition().field_map().get(self.support_start_field)
            if target is None or target.type != d.DATE:
                errors["support_start_field"] = _("Dit is geen datumveld van dit formulier.")
        for line in self.notify_email_list():
            try:
                validate_email(line)
            except ValidationError:
                errors["notify_emails"] = _("'%(email)s' is geen geldig e-mailadres.") % {
                    "email": line
                }
                break
        if errors:
            raise ValidationError(errors)

    def definition(self):
        return d.definition_from_stream(
            self.steps, self.support_start_min, self.support_start_field
        )

    def notify_email_list(self):
        return [line.strip() for line in (self.notify_emails or "").splitlines() if line.strip()]

    def is_for(self, organisations):
        """Whether any of ``organisations`` may fill this form in (``forms.audiences``)."""
        return bool(allowed(self, organisations))

    def window_state(self, now=None):
        """``"open"``, ``"not_yet"`` or ``"closed"``."""
        now = now or timezone.now()
        if self.open_from and now < self.open_from:
            return "not_yet"
        if self.open_until and now >= self.open_until:
            return "closed"
        return "open"


class FormDraft(models.Model):
    """An unfinished form: answers per step, pinned to a page revision.

    ``user`` started it; it belongs to ``organisation``, whose fillers may all
    continue it. ``label`` (from the answer whose field role names drafts, see
    ``forms.fieldroles``) or ``title`` (given by the user) tells drafts of one
    form apart; ``step_title`` and ``last_edited_*`` say how far it got and who
    touched it last, without replaying the form for a list.
    """

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="form_drafts"
    )
    page = models.ForeignKey(LoketFormPage, on_delete=models.CASCADE, related_name="drafts")
    revision = models.ForeignKey("wagtailcore.Revision", on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="form_drafts"
    )
    current_step = models.CharField(max_length=50, blank=True)
    step_title = models.CharField(_("bij stap"), max_length=255, blank=True)
    title = models.CharField(_("naam van het concept"), max_length=100, blank=True)
    label = models.CharField(_("omschrijving"), max_length=200, blank=True)
    last_edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("laatst bewerkt door"),
    )
    last_edited_at = models.DateTimeField(_("laatst bewerkt op"), null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        verbose_name = _("concept")
        verbose_name_plural = _("concepten")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["organisation", "page"], name="draft_org_page")]

    def __str__(self):
        return f"Concept {self.pk}"

    def get_absolute_url(self):
        return f"{self.page.url}concept/{self.key}/"

    def name(self):
        """What tells this draft apart from others of the same form."""
        return self.label or self.title

    def form_page(self):
        """The form page as it was in the pinned revision."""
        if not hasattr(self, "_form_page"):
            self._form_page = self.revision.as_object()
        return self._form_page


def draft_upload_to(instance, filename):
    return f"formulieren/concepten/{instance.draft.key}/{uuid.uuid4().hex}-{filename}"


def submission_upload_to(instance, filename):
    return f"formulieren/inzendingen/{instance.submission.key}/{uuid.uuid4().hex}-{filename}"


class StoredFileMixin(models.Model):
    field_name = models.CharField(max_length=50)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)

    class Meta:
        abstract = True

    def __str__(self):
        return self.original_name


class FormDraftFile(StoredFileMixin):
    draft = models.ForeignKey(FormDraft, on_delete=models.CASCADE, related_name="files")
    step = models.CharField(max_length=50)
    file = models.FileField(storage=private_storage, upload_to=draft_upload_to, max_length=300)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]


class FormSubmission(models.Model):
    """A submitted form, exactly as the user saw it (revision + labels snapshot)."""

    key = models.UUIDField(unique=True, editable=False)  # the draft's key: one submission per draft
    page = models.ForeignKey(
        LoketFormPage, null=True, on_delete=models.SET_NULL, related_name="submissions"
    )
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="form_submissions",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.PROTECT, related_name="form_submissions"
    )
    form_title = models.CharField(max_length=255)
    handoff = models.CharField(max_length=30, blank=True)  # the page's hand-off key
    answers = models.JSONField(default=dict)
    labels = models.JSONField(default=list)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("inzending")
        verbose_name_plural = _("inzendingen")
        ordering = ["-submitted_at"]

    def __str__(self):
        return f"{self.form_title} ({self.submitted_at:%d-%m-%Y})"


class FormSubmissionFile(StoredFileMixin):
    submission = models.ForeignKey(FormSubmission, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(storage=private_storage, upload_to=submission_upload_to, max_length=300)

    class Meta:
        ordering = ["pk"]
