"""How the loket reads the form engine's answers: display per field type, and the
requested amounts that become the besluit's defaults."""

import datetime
import json
import uuid
from decimal import Decimal
from types import SimpleNamespace

import pytest

from forms.models import LoketFormPage
from loket.demo.form_steps import top_steps
from loket.lifecycle.intake import describe_submission_result
from loket.lifecycle.services import requested_amounts
from loket.templatetags.loket_tags import answer_value


@pytest.mark.parametrize(
    ("value", "field", "shown"),
    [
        ("75.00", {"type": "amount"}, "€ 75,00"),
        ("9000.00", {"type": "calculated", "is_amount": True}, "€ 9.000,00"),
        ("12.5", {"type": "calculated", "is_amount": False}, "12,5"),
        ("9000.00", {"type": "calculated"}, "€ 9.000,00"),  # older snapshots: an amount
        ("120", {"type": "number"}, "120"),
        ("2026-09-01", {"type": "date"}, "1 september 2026"),
        (True, {"type": "yes_no"}, "Ja"),
        (False, {"type": "yes_no"}, "Nee"),
        (True, {"type": "declaration"}, "Aangevinkt"),
        ("Wet passend onderwijs", {"type": "choice"}, "Wet passend onderwijs"),
        (["A", "B"], {"type": "multiple_choice"}, "A, B"),
        (["OPP.pdf", "Evaluatie.pdf"], {"type": "file"}, "OPP.pdf, Evaluatie.pdf"),
        (
            {"naam": "Kim Test", "geboortedatum": "2016-09-01", "groep": "4"},
            {"type": "leerling"},
            "Kim Test, 1 september 2016, groep 4",
        ),
        ("", {"type": "short_text"}, "—"),
        ("niet-een-getal", {"type": "amount"}, "niet-een-getal"),
        ("vrije tekst", {}, "vrije tekst"),
    ],
)
def test_answer_value_by_field_type(value, field, shown):
    assert answer_value(value, field) == shown


@pytest.mark.django_db
def test_labels_snapshot_says_which_calculations_are_amounts():
    definition = LoketFormPage(steps=json.dumps(top_steps())).definition()
    fields = {f["name"]: f for step in definition.labels() for f in step["fields"]}
    assert fields["totaal"] == {
        "name": "totaal",
        "label": "Totale kosten (uren × uurtarief)",
        "type": "calculated",
        "is_amount": True,
    }
    assert "is_amount" not in fields["uurtarief"]


# The loket reads these answers by role (the TOP form's Begroting step marks them).
ROLE_LABELS = [
    {
        "fields": [{"name": n} for n in ("totaal", "aandeel_bestuur", "startdatum")],
        "roles": {
            "totaal": "totaalbedrag",
            "aandeel_bestuur": "bestuursdeel",
            "startdatum": "startdatum",
        },
    }
]


def test_requested_amounts_reads_what_it_can():
    aanvraag = SimpleNamespace(
        answers={"totaal": "9000.00", "aandeel_bestuur": "4500", "startdatum": "2026-09-01"},
        labels=ROLE_LABELS,
    )
    assert requested_amounts(aanvraag) == {
        "total": Decimal("9000.00"),
        "bestuur": Decimal("4500.00"),
        "start_date": datetime.date(2026, 9, 1),
    }
    garbage = SimpleNamespace(
        answers={"totaal": "NaN", "aandeel_bestuur": "x", "startdatum": 5}, labels=ROLE_LABELS
    )
    assert requested_amounts(garbage) == {}
    assert requested_amounts(SimpleNamespace(answers={})) == {}


@pytest.mark.django_db
def test_describe_result_of_an_unknown_submission_is_none():
    assert describe_submission_result(SimpleNamespace(key=uuid.uuid4())) is None
    assert describe_submission_result(SimpleNamespace()) is None
