"""Template tags of the SWV inbox's page (``templates/loket/admin/inbox.html``)."""

from django import template

from loket.staff.sidebar import sidebar_html

register = template.Library()


@register.simple_tag(takes_context=True)
def kept_sidebar_props(context):
    """Wagtail's ``{% sidebar_props %}``, kept per user (``loket.staff.sidebar``)."""
    return sidebar_html(context, context["view"].generation)
