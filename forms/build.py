"""Building form pages in code, from the same StreamField data an editor makes.

For demo data and tests: ``step``/``fld``/``calc``/``info``/``cond`` produce the
JSON of the ``steps`` StreamField; ``create_form`` validates it like the admin
does and publishes the page. Apps keep their own forms (e.g. the loket's demo
forms in ``loket.demo.forms``).
"""

import json
from decimal import Decimal

from content.models import HomePage

from . import definition as d
from .models import LoketFormIndexPage, LoketFormPage
from .validation import validate_definition


def cond(field, operator=d.EQUALS, value=""):
    return {"field": field, "operator": operator, "value": value}


def fld(block_type, name, label, required=True, help_text="", condition=None, role="", **options):
    value = {
        "name": name,
        "label": label,
        "help_text": help_text,
        "required": required,
        "condition": condition or cond(""),
        "role": role,
        **{k: (str(v) if isinstance(v, Decimal) else v) for k, v in options.items()},
    }
    return {"type": block_type, "value": value}


def info(html, condition=None):
    return {"type": d.INFO, "value": {"text": html, "condition": condition or cond("")}}


def calc(name, label, operation, operands, percentage=None, maximum=None, max_error="", **kw):
    value = {
        "name": name,
        "label": label,
        "help_text": kw.get("help_text", ""),
        "operation": operation,
        "operands": operands,
        "percentage": str(percentage) if percentage is not None else None,
        "is_amount": kw.get("is_amount", True),
        "max_value": str(maximum) if maximum is not None else None,
        "max_error": max_error,
        "condition": cond(""),
        "role": kw.get("role", ""),
    }
    return {"type": d.CALCULATED, "value": value}


def step(title, fields, help_text="", condition=None):
    return {
        "type": "step",
        "value": {
            "title": title,
            "help_text": help_text,
            "condition": condition or cond(""),
            "fields": fields,
        },
    }


def form_index():
    """The index page (slug ``loket``) under the home page; created if missing."""
    index = LoketFormIndexPage.objects.first()
    if index is None:
        home = HomePage.objects.get()
        index = LoketFormIndexPage(title="Loketformulieren", slug="loket")
        home.add_child(instance=index)
        index.save_revision().publish()
    return index


def create_form(index, spec):
    """Create and publish one form page from ``spec``; returns the page.

    ``spec``: page fields (title, slug, ...) plus ``steps``, a callable returning
    the step blocks.
    """
    existing = LoketFormPage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if existing is not None:
        return existing
    spec = dict(spec)
    steps = spec.pop("steps")()
    page = LoketFormPage(steps=json.dumps(steps), **spec)
    problems = validate_definition(page.definition())
    if problems:
        raise ValueError("; ".join(problems))
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
