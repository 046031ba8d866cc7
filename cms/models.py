"""Site-wide settings editable in the Wagtail admin."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting

from .theme import validate_colour_on_white, validate_light_colour


@register_setting(icon="help")
class SiteSettings(BaseSiteSetting):
    """Helpdesk contact, footer text and the house style (colours, logo), shown on every page."""

    helpdesk_name = models.CharField(_("naam helpdesk"), max_length=120, default=_("Helpdesk SWV"))
    helpdesk_email = models.EmailField(_("e-mailadres helpdesk"), blank=True)
    helpdesk_phone = models.CharField(_("telefoonnummer helpdesk"), max_length=40, blank=True)
    helpdesk_hours = models.CharField(
        "bereikbaarheid",
        max_length=200,
        blank=True,
        help_text=_("Bijvoorbeeld: ma t/m vr 9.00–16.00"),
    )
    footer_text = models.TextField(_("tekst in de voettekst"), blank=True)
    letterhead_name = models.CharField(
        _("naam in het briefhoofd"),
        max_length=200,
        blank=True,
        help_text=_("Naam van het samenwerkingsverband boven besluiten en ontvangstbevestigingen."),
    )
    letterhead_address = models.TextField(
        _("adres in het briefhoofd"),
        blank=True,
        help_text=_("Postadres, één regel per adresregel."),
    )
    primary_colour = models.CharField(
        _("hoofdkleur"),
        max_length=7,
        default="#154273",
        validators=[validate_colour_on_white],
        help_text=_(
            "Kleur van kop, knoppen en links (#RRGGBB, minstens 4,5 : 1 contrast met wit)."
        ),
    )
    accent_colour = models.CharField(
        _("lichte accentkleur"),
        max_length=7,
        default="#e8eef6",
        validators=[validate_light_colour],
        help_text=_("Lichte achtergrond voor blokken en labels (#RRGGBB)."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Verschijnt in de kop van elke pagina; de naam van het portaal is de alt-tekst."
        ),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("helpdesk_name"),
                FieldPanel("helpdesk_email"),
                FieldPanel("helpdesk_phone"),
                FieldPanel("helpdesk_hours"),
            ],
            heading=_("Helpdesk"),
        ),
        FieldPanel("footer_text"),
        MultiFieldPanel(
            [FieldPanel("letterhead_name"), FieldPanel("letterhead_address")],
            heading=_("Briefhoofd van formele documenten"),
        ),
        MultiFieldPanel(
            [FieldPanel("primary_colour"), FieldPanel("accent_colour"), FieldPanel("logo")],
            heading=_("Huisstijl"),
        ),
    ]

    class Meta:
        verbose_name = _("site-instellingen")


class KeptTask(models.Model):
    """A task the queue could not take when it was made (``cms.operations.outbox``).

    Only the task's path and its arguments, which are ids and kinds, never personal
    data (as every task payload here). The scheduler hands it to the queue and deletes
    it once the queue answers again."""

    task_path = models.CharField(max_length=200)
    args = models.JSONField(default=list)
    kwargs = models.JSONField(default=dict)
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("bewaarde taak")
        verbose_name_plural = _("bewaarde taken")

    def __str__(self):
        return f"{self.task_path} ({self.kept_at:%Y-%m-%d %H:%M})"


class SchedulerHeartbeat(models.Model):
    """The scheduler's sign of life: one row, written by the leader at every tick.

    The scheduler is one process per site (``cms.operations.scheduler``); when it dies,
    scheduled publishing, grant expiry and retention stop without an error anywhere.
    ``/health/`` and the admin dashboard read this row to say so. A row in the database,
    not a cache key: the cache may be evicted or away, and then a silent scheduler must
    still look silent and a running one must not."""

    leader = models.CharField(_("leider"), max_length=200)
    leader_since = models.DateTimeField(_("leider sinds"))
    beat_at = models.DateTimeField(_("laatste teken van leven"))

    class Meta:
        verbose_name = _("hartslag van de planner")
        verbose_name_plural = _("hartslag van de planner")

    def __str__(self):
        return f"{self.leader} ({self.beat_at:%Y-%m-%d %H:%M:%S})"


class ScheduledJobRun(models.Model):
    """The last due moment (slot) a scheduled job was started for, one row per job.

    Claiming a slot is one conditional ``UPDATE`` in the same transaction as the task it
    starts, so a job starts once per slot even if two schedulers ever tick at the same
    time (the advisory lock already prevents that); a cache key could be evicted or lost
    with Redis and then the job ran twice."""

    job = models.CharField(_("taak"), max_length=100, unique=True)
    slot = models.CharField(_("moment"), max_length=40, blank=True)
    started_at = models.DateTimeField(_("laatst gestart"), null=True, blank=True)

    class Meta:
        ordering = ["job"]
        verbose_name = _("geplande taak")
        verbose_name_plural = _("geplande taken")

    def __str__(self):
        return f"{self.job}: {self.slot}"


class PendingFileDeletion(models.Model):
    """A stored file whose row is gone and that must still leave the storage
    (``cms.files.deletion``): retried with backoff until the storage confirms.

    Only what the delete needs: the storage alias and the storage name. Loket files are
    named by a random id (``loket.models.bijlage_upload_to``); a form engine file keeps a
    sanitised upload name after its random part (``forms.models.submission_upload_to``),
    so the row goes as soon as the delete succeeds. ``last_error`` holds the kind of
    error only (an S3 message may quote the key or the endpoint), never the file's
    owner, dossier or kenmerk."""

    storage = models.CharField(_("opslag"), max_length=20)
    name = models.CharField(_("naam in de opslag"), max_length=300)
    attempts = models.PositiveIntegerField(_("pogingen"), default=0)
    last_error = models.CharField(_("laatste fout"), max_length=200, blank=True)
    next_attempt_at = models.DateTimeField(_("volgende poging"), db_index=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        ordering = ["next_attempt_at", "pk"]
        verbose_name = _("te verwijderen bestand")
        verbose_name_plural = _("te verwijderen bestanden")
        default_permissions = ("view",)

    def __str__(self):
        return f"{self.storage}: poging {self.attempts}"


# The four-eyes approval task of the editorial workflow lives with its workflow.
from cms.review.workflow import FourEyesApprovalTask  # noqa: E402, F401
