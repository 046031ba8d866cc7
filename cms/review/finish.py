"""The action that ends an approved workflow (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

A module of its own: Wagtail imports it while ``wagtail.models`` is still loading,
so it may import nothing of Wagtail at module level (``cms.review.workflow`` does).
"""


def publish_approved(workflow_state, user=None):
    """What finishing the workflow does (``WAGTAIL_FINISH_WORKFLOW_ACTION``).

    Wagtail's own action publishes as the approver and so demands their
    ``publish_page``, which nobody in a reviewed section has (it would let them
    publish past the workflow). The approval, by someone other than the author,
    is the permission here; the revision published is the latest, which
    ``FourEyesApprovalTask.is_own_work`` covered.
    """
    revision = workflow_state.content_object.get_latest_revision()
    revision.publish(user=user, skip_permission_checks=True)
