"""The last demo step: once every section exists, the role groups get their
grants on each section's subtree and the reviewed sections get the workflow."""

from django.db import transaction

from accounts.roles import ensure_role_groups
from cms.review.workflow import apply_editorial_workflow


@transaction.atomic
def run(stdout=None):
    ensure_role_groups()
    apply_editorial_workflow()
    if stdout:
        stdout.write("Rechten per sectie en de redactieworkflow (vier ogen) staan klaar.")
