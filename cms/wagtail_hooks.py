"""Admin dashboard: a warning when the task worker has stopped taking tasks
(the check itself is ``cms.operations.worker``), the scheduler's last sign of life with
a warning when it is silent (``cms.operations.scheduler``); files a storage has not
yet let go of (``cms.files.deletion``); the emergency take-down of a
live page (``cms.review.takedown``); accessible names for the editor.
"""

from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem

from accounts.models import Role
from cms.files.deletion import backlog
from cms.operations.scheduler import scheduler_status
from cms.operations.worker import stale_after, worker_status
from cms.review import takedown
from cms.review.takedown_views import take_down_view

WARNED_ROLES = (Role.REDACTEUR, Role.EINDREDACTEUR, Role.BEHEERDER)


class WorkerWarningPanel(Component):
    name = "worker_warning"
    order = 10  # above the other panels: it explains why things did not happen
    template_name = "cms/admin/worker_warning.html"

    def __init__(self, status):
        self.status = status

    def get_context_data(self, parent_context=None):
        return {
            "status": self.status,
            "minutes": int(stale_after().total_seconds() // 60),
        }


def sees_worker_warning(user):
    return user.is_superuser or user.has_role(*WARNED_ROLES)


@hooks.register("construct_homepage_panels")
def add_worker_warning(request, panels):
    if not sees_worker_warning(request.user):
        return
    status = worker_status()
    if status is not None:
        panels.append(WorkerWarningPanel(status))


# What each scheduled job does, in the words of the people who miss it when it stops.
JOB_LABELS = {
    "publish_scheduled": _("Geplande pagina's publiceren"),
    "expire_grants": _("Verlopen inzage beëindigen"),
    "instemming_verlopen": _("Verlopen instemmingsverzoeken sluiten"),
    "ondertekening_herinneren": _("Mede-ondertekenaars herinneren"),
    "tlv_herinneren": _("Scholen herinneren aan de heraanvraag van een TLV"),
    "evaluatie_herinneren": _("Scholen herinneren aan evaluatiemomenten"),
    "bewaartermijnen": _("Bewaartermijnen toepassen en concepten opruimen"),
    "avg_exports_opruimen": _("AVG-exports opruimen"),
    "nieuwsbrief_bounces": _("Nieuwsbrief-bounces verwerken"),
    "cleanup_form_drafts": _("Formulierconcepten opruimen"),
    "verify_logboek": _("De keten van het logboek controleren"),
}


def duration_text(seconds):
    seconds = int(seconds)
    if seconds and seconds % 3600 == 0:
        return ngettext("%(n)d uur", "%(n)d uur", seconds // 3600) % {"n": seconds // 3600}
    if seconds and seconds % 60 == 0:
        return ngettext("%(n)d minuut", "%(n)d minuten", seconds // 60) % {"n": seconds // 60}
    return ngettext("%(n)d seconde", "%(n)d seconden", seconds) % {"n": seconds}


class SchedulerPanel(Component):
    """When the scheduler last beat, and what it last started; a warning when silent."""

    name = "scheduler_status"
    order = 11
    template_name = "cms/admin/scheduler_status.html"

    def __init__(self, status):
        self.status = status

    def get_context_data(self, parent_context=None):
        jobs = sorted(
            (str(JOB_LABELS.get(job, job)), started) for job, started in self.status["jobs"].items()
        )
        return {"status": self.status, "limit": duration_text(self.status["limit"]), "jobs": jobs}


@hooks.register("construct_homepage_panels")
def add_scheduler_panel(request, panels):
    if sees_worker_warning(request.user):
        panels.append(SchedulerPanel(scheduler_status()))


class FileDeletionPanel(Component):
    """Files that should have left a storage and did not yet, after a failed delete.

    Retention and erasure promise that a pupil's files are gone; when a storage keeps
    refusing (S3 away, rights wrong) the worker retries, and this panel says so to the
    beheerder and the privacy officer. Counts and error kinds only, no file names.
    """

    name = "file_deletion_backlog"
    order = 12
    template_name = "cms/admin/file_deletion_backlog.html"

    def __init__(self, waiting):
        self.waiting = waiting

    def get_context_data(self, parent_context=None):
        return self.waiting


@hooks.register("construct_homepage_panels")
def add_file_deletion_panel(request, panels):
    user = request.user
    if not (user.is_superuser or user.has_role(Role.BEHEERDER, Role.PRIVACY)):
        return
    waiting = backlog()
    if waiting and waiting["failed"]:
        panels.append(FileDeletionPanel(waiting))


@hooks.register("register_admin_urls")
def take_down_urls():
    return [path("offline-halen/<int:page_id>/", take_down_view, name="cms_take_down")]


@hooks.register("register_log_actions")
def take_down_log_action(actions):
    takedown.register_log_action(actions)


class TakeDownButton(PageMenuItem):
    """ "Offline halen" beside Wagtail's own page actions, for whoever the rule allows."""

    label = _("Offline halen")
    icon_name = "warning"

    def is_shown(self, user):
        return takedown.may_take_down(user, self.page)

    @property
    def url(self):
        return reverse("cms_take_down", args=[self.page.pk])


@hooks.register("register_page_header_buttons")
def take_down_header_button(page, user, view_name, next_url=None):
    yield TakeDownButton(page=page, priority=61)


@hooks.register("register_page_listing_more_buttons")
def take_down_listing_button(page, user, next_url=None):
    yield TakeDownButton(page=page, priority=41)


@hooks.register("insert_editor_js")
def editor_accessible_names():
    """Names for the rich-text and tag fields Wagtail leaves unnamed (the script says
    which upstream issues); tests/e2e/test_editor_axe.py checks every page type."""
    return format_html('<script src="{}"></script>', static("js/admin/toegankelijke-namen.js"))
