"""Admin dashboard: a warning when the task worker has stopped taking tasks
(the check itself is ``cms.operations.worker``); accessible names for the editor.
"""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks
from wagtail.admin.ui.components import Component

from accounts.models import Role
from cms.operations.worker import stale_after, worker_status

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


@hooks.register("insert_editor_js")
def editor_accessible_names():
    """Names for the rich-text and tag fields Wagtail leaves unnamed (the script says
    which upstream issues); tests/e2e/test_editor_axe.py checks every page type."""
    return format_html('<script src="{}"></script>', static("js/admin/toegankelijke-namen.js"))
