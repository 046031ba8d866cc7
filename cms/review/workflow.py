"""Four eyes on public content: the editorial workflow and its approval task.

Nothing public goes live on one person's say-so (DESIGN.md, eindredacteur). In
the sections where review applies, redacteuren and eindredacteuren may write but
have no ``publish_page`` (a publish permission would let them publish past the
workflow); a page goes live only when the workflow's one task is approved, and
:class:`FourEyesApprovalTask` never offers or accepts that approval from the
person who asked for it or wrote any of the changes under review.

The sections are page types an app registers in :data:`reviewed_sections` (its
``roles`` module, beside the page permissions of those sections), keyed by the
model label: every page of such a type carries the "Redactie" workflow, and so
does its subtree. A new section gets it when it is created (``cms.signals``).
"""

from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from wagtail.models import AbstractGroupApprovalTask, Task, Workflow, WorkflowPage, WorkflowTask

from accounts.models import Role
from accounts.registry import Registry
from accounts.roles import ROLE_GROUP_NAMES

WORKFLOW_NAME = "Redactie"
TASK_NAME = "Beoordeling door de eindredactie"

# model label ("app_label.ModelName") → a short Dutch description of the section.
reviewed_sections = Registry("reviewed sections")


class FourEyesApprovalTask(AbstractGroupApprovalTask):
    """A group approval that the requester or an author of the change cannot give.

    Wagtail's own group task lets any member approve, the author included. Here
    the approve actions are left out of what the author is offered (so the
    button is absent) and refused again when the action arrives (so a crafted
    POST is refused too). Request changes ("reject") stays open to every member.
    """

    class Meta:
        verbose_name = _("goedkeuring door een ander (vier ogen)")
        verbose_name_plural = _("goedkeuringen door een ander (vier ogen)")

    @classmethod
    def get_description(cls):
        return _(
            "Leden van de gekozen groepen keuren goed, behalve wie de wijziging "
            "schreef of indiende."
        )

    @staticmethod
    def is_own_work(obj, user):
        """Did ``user`` submit the object under review or write any of its revisions since?"""
        state = getattr(obj, "current_workflow_state", None)
        if state is None or user is None or not user.is_authenticated:
            return False
        if state.requested_by_id == user.pk:
            return True
        task_state = state.current_task_state
        if task_state is not None and task_state.revision.user_id == user.pk:
            return True
        return obj.revisions.filter(created_at__gte=state.created_at, user_id=user.pk).exists()

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        if actions and self.is_own_work(obj, user):
            return [action for action in actions if action[0] != "approve"]
        return actions

    def on_action(self, task_state, user, action_name, **kwargs):
        if action_name == "approve":
            obj = task_state.workflow_state.content_object
            if self.is_own_work(obj, user):
                raise PermissionDenied(_("Je kunt je eigen wijziging niet goedkeuren."))
        return super().on_action(task_state, user, action_name, **kwargs)


def _task():
    task = FourEyesApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = FourEyesApprovalTask.objects.create(name=TASK_NAME)
    task.groups.set(Group.objects.filter(name=ROLE_GROUP_NAMES[Role.EINDREDACTEUR]))
    return task


@transaction.atomic
def ensure_editorial_workflow(*pages):
    """Create the workflow once, with exactly the four-eyes task, and put it on ``pages``.

    A database from before the eindredacteur keeps its workflow name but loses
    the old task (any redacteur could approve there, their own work included).
    """
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    task = _task()
    old = WorkflowTask.objects.filter(workflow=workflow).exclude(task=task)
    Task.objects.filter(pk__in=old.values("task_id")).exclude(pk=task.pk).update(active=False)
    old.delete()
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        if page is not None:
            WorkflowPage.objects.update_or_create(page=page, defaults={"workflow": workflow})
    return workflow


def reviewed_pages():
    """Every page of a registered section type."""
    from django.apps import apps

    pages = []
    for label, _description in reviewed_sections.items():
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        pages.extend(model.objects.all())
    return pages


def is_reviewed_section(page):
    return page.specific_class is not None and page.specific_class._meta.label in reviewed_sections


def apply_editorial_workflow():
    """Put the workflow on every section where review applies. Idempotent."""
    return ensure_editorial_workflow(*reviewed_pages())
