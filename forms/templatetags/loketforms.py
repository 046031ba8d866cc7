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
    css = nlds_class(bound_field.field.widget, invalid=bool(bound_field.errors))
    if css:
        own = bound_field.field.widget.attrs.get("class", "")
        attrs["class"] = f"{own} {css}".strip()
    return bound_field.as_widget(attrs=attrs)


def nlds_class(widget, invalid=False):
    """The Utrecht component class for a Django widget, so every form on the site
    (loket wizard, forms engine, account pages) draws its controls from the NL Design
    System tokens instead of the portal's own input rules."""
    if isinstance(
        widget, djforms.RadioSelect | djforms.CheckboxInput | djforms.CheckboxSelectMultiple
    ):
        # Radios and checkboxes stay native controls in the SWV colour (site.css,
        # accent-color, 24 px): Utrecht's drawn ones showed a red "invalid" ring before
        # any answer, and with its class the targets came out under WCAG 2.2's 24 px.
        return ""
    if isinstance(widget, djforms.Select):
        name = "utrecht-select utrecht-select--html-select"
    elif isinstance(widget, djforms.Textarea):
        name = "utrecht-textarea utrecht-textarea--html-textarea"
    elif isinstance(widget, djforms.FileInput | djforms.HiddenInput):
        return ""
    elif isinstance(widget, djforms.widgets.Input):
        name = "utrecht-textbox utrecht-textbox--html-input"
    else:
        return ""
    if invalid:
        base = name.split()[0]
        name += f" {base}--invalid"
    return name


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
