"""Site templates use NL Design System's Utrecht components, not the portal's old classes.

The sweep of issue #28 replaced ``.button``, ``.field``, ``.data-table``, ... by Utrecht's
component classes, whose fonts, colours, spacing and focus style come from the design
tokens (and so from the SWV's house colours in /thema.css). This test keeps a later
template from bringing an old class back. Wagtail admin templates are left out: they
use Wagtail's own ``button`` and ``w-*`` classes on purpose.
"""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

OLD_CLASSES = {
    "button",
    "button-secondary",
    "button-small",
    "link-button",
    "field",
    "field-error",
    "field-checkbox",
    "error-message",
    "data-table",
    "breadcrumbs",
    "pagination",
    "notice",
    "facts",
}

CLASS_ATTR = re.compile(r'\bclass="([^"]*)"')
EXTENDS_ADMIN = re.compile(r'{%\s*extends\s+"wagtailadmin/')


def is_admin_template(path, text):
    rel = path.relative_to(ROOT).as_posix()
    return bool(EXTENDS_ADMIN.search(text)) or "/admin/" in rel or "wagtailadmin/" in rel


def site_templates():
    paths = set(ROOT.glob("templates/**/*.html")) | set(ROOT.glob("*/templates/**/*.html"))
    for path in sorted(paths):
        if ".venv" in path.parts or "node_modules" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        if not is_admin_template(path, text):
            yield path, text


def class_tokens(value):
    """The class names in an attribute, template tags and variables taken out."""
    value = re.sub(r"{%.*?%}|{{.*?}}", " ", value)
    return set(value.split())


def old_classes_in(text):
    found = set()
    for match in CLASS_ATTR.finditer(text):
        found |= class_tokens(match.group(1)) & OLD_CLASSES
    return found


def test_the_check_sees_an_old_class_in_a_template_tag():
    text = '<div class="x{% if e %} field-error{% endif %}"><a class="button" href="/">'
    assert old_classes_in(text) == {"field-error", "button"}
    assert old_classes_in('<a class="utrecht-button-link">') == set()


def test_site_templates_use_no_old_portal_classes():
    templates = list(site_templates())
    assert len(templates) > 50
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(found)
        for path, text in templates
        if (found := old_classes_in(text))
    }
    assert offenders == {}
