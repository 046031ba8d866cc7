"""The editorial workflow: concept → ter beoordeling → gepubliceerd.

One Wagtail workflow, "Redactie", with a single approval task for the
Redacteuren group, on the kennisbank and the handleidingen. Any redacteur can
submit a draft for review, and another (or the same) redacteur approves it, which
publishes it; publishing can also be scheduled ("go live at").
"""

from django.contrib.auth.models import Group
from django.db import transaction
from wagtail.models import GroupApprovalTask, Workflow, WorkflowPage, WorkflowTask

from accounts.models import Role
from accounts.roles import ROLE_GROUP_NAMES

WORKFLOW_NAME = "Redactie"
TASK_NAME = "Beoordeling door de redactie"


@transaction.atomic
def ensure_editorial_workflow(*pages):
    """Create the workflow once and put it on the given pages (and so their subtrees)."""
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME)
        task.groups.set(
            Group.objects.filter(name=ROLE_GROUP_NAMES[Role.REDACTEUR]),
        )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    for page in pages:
        if page is not None:
            WorkflowPage.objects.get_or_create(page=page, defaults={"workflow": workflow})
    return workflow
