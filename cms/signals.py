"""A new section gets its page grants and, where review applies, the four-eyes
workflow the moment it is created: in the admin, in a demo step or in a test.

Page permissions on a section's subtree are rows per page (``accounts.roles``),
so a section made after the last ``ensure_role_groups`` would have none: a
redacteur could not write there, and without the workflow a page in it would
have no review. Derived data, like the role groups of ``accounts.signals``.
"""

from django.apps import apps
from django.db.models.signals import post_save

from accounts.roles import ensure_role_groups, subtree_page_types
from cms.review.workflow import ensure_editorial_workflow, reviewed_sections


def section_created(sender, instance, created, raw=False, **kwargs):
    if not created or raw:
        return
    ensure_role_groups()
    if sender._meta.label in reviewed_sections:
        ensure_editorial_workflow(instance)


def connect():
    """Listen to the section page types the role grants and the review name."""
    labels = subtree_page_types() | {label for label, _name in reviewed_sections.items()}
    for label in sorted(labels):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(section_created, sender=model, dispatch_uid=f"cms.section:{label}")
