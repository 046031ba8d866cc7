"""Site templates use NL Design System's Utrecht components, not the portal's old classes.

The sweep of issue #28 replaced ``.button``, ``.field``, ``.data-table``, ... by Utrecht's
component classes, whose fonts, colours, spacing and focus style come from the design
tokens (and so from the SWV's house colours in /thema.css). This test keeps a later
template from bringing an old class back. The second sweep did the same for the error
summary, the "Let op" callout, the panels and help text. Wagtail admin templates are left out: they
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
    # Issue #28, second sweep: Utrecht's alert (error summary, "Let op"), its spotlight
    # section (panels) and form field description (help text).
    "error-summary",
    "callout",
    "callout-heading",
    "panel",
    "panel-attention",
    "help",
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
    assert old_classes_in('<section class="panel panel-attention"><p class="help">') == {
        "panel",
        "panel-attention",
        "help",
    }
    # A house class built on a banned name is not the banned class.
    assert old_classes_in('<div class="swv-error-summary status-panel">') == set()


def test_site_templates_use_no_old_portal_classes():
    templates = list(site_templates())
    assert len(templates) > 50
    offenders = {
        path.relative_to(ROOT).as_posix(): sorted(found)
        for path, text in templates
        if (found := old_classes_in(text))
    }
    assert offenders == {}


def is_own_document(path, text):
    """PDFs, e-mails and the AVG export carry their own stylesheet: no Utrecht CSS there."""
    rel = path.relative_to(ROOT).as_posix()
    standalone = "<!DOCTYPE" in text and not rel.endswith("templates/base.html")
    return standalone or "/pdf/" in rel or "/email/" in rel


def page_templates():
    return [(p, t) for p, t in site_templates() if not is_own_document(p, t)]


HEADING_TAG = re.compile(r"<h([1-6])(\s[^>]*)?>")


def headings_without_class(text):
    missing = []
    for match in HEADING_TAG.finditer(text):
        level, attrs = match.group(1), match.group(2) or ""
        classes = CLASS_ATTR.search(attrs)
        if not classes or f"utrecht-heading-{level}" not in class_tokens(classes.group(1)):
            missing.append(match.group(0))
    return missing


ITEM_OPEN = '<div class="utrecht-data-list__item">'


def data_list_problems(text):
    """A <dl> that is not Utrecht's data list, or a term outside its item wrapper."""
    problems = [
        m.group(0)
        for m in re.finditer(r"<dl\b[^>]*>", text)
        if "utrecht-data-list" not in m.group(0)
    ]
    for match in re.finditer(r"<dt\b[^>]*>", text):
        if 'class="utrecht-data-list__item-key' not in match.group(0):
            problems.append(match.group(0))
        if not text[: match.start()].rstrip().endswith(ITEM_OPEN):
            problems.append("no item around " + text[match.start() : match.start() + 60])
    for match in re.finditer(r"<dd\b[^>]*>", text):
        if 'class="utrecht-data-list__item-value' not in match.group(0):
            problems.append(match.group(0))
    return problems


def test_the_checks_see_a_bare_heading_and_a_bare_data_list():
    assert headings_without_class('<h2 id="x">A</h2><h3 class="utrecht-heading-3">B</h3>') == [
        '<h2 id="x">'
    ]
    assert headings_without_class('<h2 class="utrecht-heading-3">') == [
        '<h2 class="utrecht-heading-3">'
    ]
    good = (
        '<dl class="utrecht-data-list">{% if a %}<div class="utrecht-data-list__item">'
        '<dt class="utrecht-data-list__item-key">K</dt>'
        '<dd class="utrecht-data-list__item-value">V</dd></div>{% endif %}</dl>'
    )
    assert data_list_problems(good) == []
    assert len(data_list_problems("<dl><dt>K</dt><dd>V</dd></dl>")) == 4


def test_page_headings_carry_the_utrecht_heading_class():
    templates = page_templates()
    assert len(templates) > 50
    offenders = {
        path.relative_to(ROOT).as_posix(): found
        for path, text in templates
        if (found := headings_without_class(text))
    }
    assert offenders == {}


def test_data_lists_are_utrecht_data_lists_with_items():
    offenders = {
        path.relative_to(ROOT).as_posix(): found
        for path, text in page_templates()
        if (found := data_list_problems(text))
    }
    assert offenders == {}
