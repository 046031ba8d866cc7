"""Template tags of the portal's base template."""

from django import template
from wagtail.admin.templatetags.wagtailuserbar import get_page_instance, wagtailuserbar

register = template.Library()


@register.simple_tag(takes_context=True)
def page_userbar(context):
    """Wagtail's userbar, on Wagtail pages only.

    The userbar edits the page shown. Elsewhere (Mijn loket, inzage, account) there is
    nothing to edit, and Wagtail's own tag would still check ``access_admin`` for every
    logged-in visitor: two permission queries per request, for nothing. (``page`` alone
    is no test: Mijn loket calls its paginator page ``page``.)
    """
    if get_page_instance(context) is None:
        return ""
    return wagtailuserbar(context)
