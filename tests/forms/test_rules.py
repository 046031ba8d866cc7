"""Engine rules as unit tests: conditions, calculations, maxima, refusals, windows,
admin validation of a form definition, and the step form that applies them."""

import datetime
import json
from decimal import Decimal

import pytest
from django.utils import timezone
from django.utils.datastructures import MultiValueDict

from forms import definition as d
from forms.build import calc, cond, fld, step
from forms.filling.stepform import StepForm
from forms.models import LoketFormPage
from forms.validation import validate_definition

# Building a page instance looks up the default Locale; without a database that
# only works when an earlier test happened to cache it.
pytestmark = pytest.mark.django_db


def make_definition(steps, **kwargs):
    page = LoketFormPage(title="x", slug="x", steps=json.dumps(steps), **kwargs)
    return page.definition()


def bind(definition, key, data, answers_before=None):
    step_def = definition.step(key)
    return StepForm(
        data=MultiValueDict({f"{key}-{k}": [v] for k, v in data.items()}),
        prefix=key,
        step_def=step_def,
        definition=definition,
        answers_before=answers_before or {},
        files_by_field={},
    )


# --- conditions -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("condition", "answers", "expected"),
    [
        (d.Condition("a", d.EQUALS, "Ja"), {"a": "ja"}, True),
        (d.Condition("a", d.EQUALS, "ja"), {"a": True}, True),
        (d.Condition("a", d.EQUALS, "nee"), {"a": True}, False),
        (d.Condition("a", d.EQUALS, "x"), {}, False),
        (d.Condition("a", d.ONE_OF, "Categorie 2\nCategorie 3"), {"a": "Categorie 3"}, True),
        (d.Condition("a", d.ONE_OF, "Categorie 2\nCategorie 3"), {"a": "Categorie 1"}, False),
        (d.Condition("a", d.ONE_OF, "b\nc"), {"a": ["a", "c"]}, True),
        (d.Condition("a", d.GREATER, "10"), {"a": "10.5"}, True),
        (d.Condition("a", d.GREATER, "10"), {"a": Decimal("10")}, False),
        (d.Condition("a", d.LESS, "10"), {"a": "9,5"}, True),
        (d.Condition("a", d.LESS, "10"), {"a": "geen getal"}, False),
        (None, {}, True),
    ],
)
def test_condition_met(condition, answers, expected):
    assert d.condition_met(condition, answers) is expected


# --- calculations and maxima ------------------------------------------------------


def test_product_sum_and_percentage():
    product = d.FieldDef(
        type=d.CALCULATED, name="t", options={"operation": d.PRODUCT, "operands": "uren, tarief"}
    )
    total = d.calculate(product, {"uren": "12.5", "tarief": Decimal("80")})
    assert total == Decimal("1000.00")
    share = d.FieldDef(
        type=d.CALCULATED,
        name="s",
        options={"operation": d.PERCENTAGE, "operands": "t", "percentage": "50"},
    )
    assert d.calculate(share, {"t": total}) == Decimal("500.00")
    summed = d.FieldDef(
        type=d.CALCULATED, name="u", options={"operation": d.SUM, "operands": "a;b;c"}
    )
    assert d.calculate(summed, {"a": "1", "b": "2.25", "c": Decimal("0.005")}) == Decimal("3.26")
    assert d.calculate(summed, {"a": "1", "b": "2"}) is None  # an operand is missing


def test_maximum_uses_the_editors_text():
    f = d.FieldDef(
        type=d.AMOUNT, name="tarief", options={"max_value": "80", "max_error": "Maximaal € 80."}
    )
    assert d.maximum_error(f, Decimal("80")) is None
    assert d.maximum_error(f, Decimal("80.01")) == "Maximaal € 80."
    plain = d.FieldDef(type=d.AMOUNT, name="tarief", options={"max_value": "80"})
    assert "80" in d.maximum_error(plain, Decimal("81"))


def test_refusal_of_a_choice():
    f = d.FieldDef(
        type=d.CHOICE,
        name="wet",
        options={"choices": "A\nB", "refuse": "B", "refuse_error": "Niet via ons."},
    )
    assert d.refusal_error(f, "A") is None
    assert d.refusal_error(f, "B") == "Niet via ons."


# --- admin validation -------------------------------------------------------------


def test_demo_forms_are_valid():
    from loket.demo.forms import FORMS

    for spec in FORMS:
        definition = make_definition(
            spec["steps"](), support_start_field=spec.get("support_start_field", "")
        )
        assert validate_definition(definition) == []


def test_validation_finds_duplicate_names_bad_conditions_and_calculations():
    steps = [
        step(
            "Een",
            [
                fld(d.SHORT_TEXT, "naam", "Naam"),
                fld(d.SHORT_TEXT, "naam", "Nog eens naam"),
                fld(d.SHORT_TEXT, "vooruit", "Kijkt vooruit", condition=cond("later")),
                fld(d.SHORT_TEXT, "tekst", "Tekst"),
                fld(d.NUMBER, "getal", "Getal"),
                calc("fout", "Fout", d.PRODUCT, "getal, tekst"),
                calc("onbekend", "Onbekend", d.SUM, "getal, bestaatniet"),
                fld(d.SHORT_TEXT, "groter", "Groter", condition=cond("tekst", d.GREATER, "3")),
            ],
        ),
        step("Twee", [fld(d.NUMBER, "later", "Later")], condition=cond("later", d.EQUALS, "1")),
    ]
    problems = " | ".join(validate_definition(make_definition(steps)))
    assert "'naam' komt al eerder" in problems
    assert "verwijst naar 'later'" in problems  # field condition on a later field
    assert "Stap 2 (Twee): de voorwaarde verwijst naar 'later'" in problems  # step on itself
    assert "'tekst', dat geen getal of bedrag is" in problems
    assert "'bestaatniet', dat geen eerder veld is" in problems
    assert "alleen bij een getal of bedrag" in problems


def test_steps_block_refuses_a_broken_form():
    from wagtail.blocks import StreamBlockValidationError

    page = LoketFormPage(
        title="x",
        slug="x",
        steps=json.dumps([step("Een", [fld(d.SHORT_TEXT, "a", "A"), fld(d.SHORT_TEXT, "a", "B")])]),
    )
    block = LoketFormPage._meta.get_field("steps").stream_block
    with pytest.raises(StreamBlockValidationError) as exc:
        block.clean(page.steps)
    assert "komt al eerder" in str(exc.value.non_block_errors)


def test_page_clean_checks_window_and_start_field(db):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    page = LoketFormPage(
        title="x",
        slug="x",
        steps=json.dumps([step("Een", [fld(d.SHORT_TEXT, "a", "A")])]),
        open_from=now,
        open_until=now - datetime.timedelta(days=1),
        support_start_field="a",
        notify_emails="geen-adres",
    )
    with pytest.raises(ValidationError) as exc:
        page.clean()
    assert set(exc.value.message_dict) >= {
        "open_until",
        "support_start_field",
        "support_start_min",
        "notify_emails",
    }


# --- windows ----------------------------------------------------------------------


def test_window_state():
    now = timezone.now()
    page = LoketFormPage(
        open_from=now + datetime.timedelta(hours=1), open_until=now + datetime.timedelta(days=1)
    )
    assert page.window_state(now) == "not_yet"
    assert page.window_state(now + datetime.timedelta(hours=2)) == "open"
    assert page.window_state(now + datetime.timedelta(days=1)) == "closed"
    assert LoketFormPage().window_state(now) == "open"


# --- the step form ----------------------------------------------------------------

BUDGET = [
    step(
        "Begroting",
        [
            fld(d.NUMBER, "uren", "Uren", decimal_places=1),
            fld(d.AMOUNT, "tarief", "Tarief", max_value="80", max_error="Maximaal € 80 per uur."),
            calc(
                "totaal", "Totaal", d.PRODUCT, "uren, tarief", maximum="1000", max_error="Te duur."
            ),
            calc("bestuur", "Bestuur", d.PERCENTAGE, "totaal", percentage="50"),
        ],
    )
]


def test_step_form_calculates_and_enforces_maxima():
    definition = make_definition(BUDGET)
    form = bind(definition, "stap1", {"uren": "10", "tarief": "75,50"})
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "uren": "10",
        "tarief": "75.50",
        "totaal": "755.00",
        "bestuur": "377.50",
    }

    form = bind(definition, "stap1", {"uren": "10", "tarief": "81"})
    assert not form.is_valid()
    assert form.errors["tarief"] == ["Maximaal € 80 per uur."]

    form = bind(definition, "stap1", {"uren": "20", "tarief": "80"})
    assert not form.is_valid()
    assert form.errors["totaal"] == ["Te duur."]


def test_same_step_condition_hides_and_requires():
    definition = make_definition(
        [
            step(
                "Categorie",
                [
                    fld(d.CHOICE, "cat", "Categorie", choices="1\n2\n3"),
                    fld(d.EMAIL, "uitleg", "Uitleg", condition=cond("cat", d.ONE_OF, "2\n3")),
                ],
            )
        ]
    )
    # Hidden: not validated (an invalid e-mail is ignored) and not stored.
    form = bind(definition, "stap1", {"cat": "1", "uitleg": "geen e-mail"})
    assert form.is_valid(), form.errors
    assert form.answers() == {"cat": "1"}
    # Shown: required.
    form = bind(definition, "stap1", {"cat": "2"})
    assert not form.is_valid()
    assert "uitleg" in form.errors
    form = bind(definition, "stap1", {"cat": "3", "uitleg": "ib@school.example"})
    assert form.is_valid()
    assert form.answers()["uitleg"] == "ib@school.example"


def test_field_condition_on_earlier_step_removes_the_field():
    definition = make_definition(
        [
            step("Een", [fld(d.YES_NO, "extra", "Extra?")]),
            step(
                "Twee",
                [
                    fld(
                        d.SHORT_TEXT,
                        "toelichting",
                        "Toelichting",
                        condition=cond("extra", d.EQUALS, "ja"),
                    )
                ],
            ),
        ]
    )
    assert "toelichting" in bind(definition, "stap2", {}, {"extra": True}).fields
    form = bind(definition, "stap2", {"toelichting": "x"}, {"extra": False})
    assert "toelichting" not in form.fields
    assert form.is_valid()
    assert form.answers() == {}


def test_support_start_date_and_refusal_in_the_form():
    definition = make_definition(
        [
            step(
                "Een",
                [
                    fld(d.DATE, "start", "Start"),
                    fld(
                        d.CHOICE,
                        "wet",
                        "Wet",
                        choices="Onderwijs\nJeugdwet",
                        refuse="Jeugdwet",
                        refuse_error="Niet hier.",
                    ),
                ],
            )
        ],
        support_start_min=datetime.date(2026, 8, 1),
        support_start_field="start",
    )
    form = bind(definition, "stap1", {"start": "2026-07-31", "wet": "Jeugdwet"})
    assert not form.is_valid()
    assert form.errors["start"] == ["De ondersteuning moet op of na 1 augustus 2026 beginnen."]
    assert form.errors["wet"] == ["Niet hier."]
    form = bind(definition, "stap1", {"start": "2026-08-01", "wet": "Onderwijs"})
    assert form.is_valid()


def test_leerling_is_stored_minimally():
    definition = make_definition([step("Een", [fld("leerling", "leerling", "Leerling")])])
    form = bind(
        definition,
        "stap1",
        {
            "leerling__naam": "Fien",
            "leerling__geboortedatum": "2015-03-04",
            "leerling__groep": "5",
            "leerling__bsn": "123",
        },
    )
    assert form.is_valid(), form.errors
    assert form.answers() == {
        "leerling": {"naam": "Fien", "geboortedatum": "2015-03-04", "groep": "5"}
    }
