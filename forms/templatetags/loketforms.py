"""Template helpers for loket form fields: accessible widgets."""

from django import forms as djforms
from django import template

register = template.Library()


@register.simple_tag
def render_widget(bound_field):
    """The widget with ``aria-describedby`` pointing at its help text and error."""
    ids = []
    if bound_field.help_text:
        ids.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        ids.append(f"{bound_field.auto_id}_error")
    attrs = {}
    if ids:
        attrs["aria-describedby"] = " ".join(ids)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.filter
def is_group(bound_field):
    """Radio buttons and checkbox lists get a fieldset with a legend."""
    return isinstance(
        bound_field.field.widget, djforms.RadioSelect | djforms.CheckboxSelectMultiple
    )


@register.filter
def is_checkbox(bound_field):
    return isinstance(bound_field.field.widget, djforms.CheckboxInput)


@register.filter
def bound(form, name):
    return form[name]
