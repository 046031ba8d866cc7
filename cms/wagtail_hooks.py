"""A section made in the admin gets its page grants and, where review applies,
the four-eyes workflow straight away (not only at the next migrate or demo run)."""

from wagtail import hooks

from accounts.roles import ensure_role_groups, subtree_page_types

from .review import ensure_editorial_workflow, is_reviewed_section


@hooks.register("after_create_page")
def grant_and_review_new_sections(request, page):
    if page.specific_class is None:
        return
    if page.specific_class._meta.label in subtree_page_types():
        ensure_role_groups()
    if is_reviewed_section(page):
        ensure_editorial_workflow(page)
