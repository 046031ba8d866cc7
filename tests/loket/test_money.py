"""Money rules at the right place (issue 10, hole 6): no negative amounts, the rate
and per-school maxima checked at besluit (override with a reason, logged), and a
TOP budget never below what is booked."""

import datetime
from decimal import Decimal

from devkit.clients import login_verified
from forms import definition as d
from forms.build import fld
from forms.validation import validate_definition
from loket.lifecycle import services
from loket.models import Aanvraag, Besluit, LogEntry, LoketSettings, TopBudget
from tests.loket.helpers import LABELS, make_aanvraag

# --- the form engine -------------------------------------------------------------------


def test_editor_cannot_set_a_negative_minimum_without_allowing_negatives():
    def form(**options):
        field = d.field_from_block(d.AMOUNT, fld(d.AMOUNT, "bedrag", "Bedrag", **options)["value"])
        return d.FormDefinition(
            steps=[
                d.StepDef(key="stap1", title="Stap", help_text="", condition=None, fields=[field])
            ]
        )

    assert any("negatief minimum" in e for e in validate_definition(form(min_value="-10")))
    allowed = form(min_value="-10", allow_negative=True)
    assert not any("negatief" in e for e in validate_definition(allowed))


# --- besluit ---------------------------------------------------------------------------

RATE_LABELS = [
    *LABELS,
    {
        "title": "Kosten",
        "fields": [{"name": "tarief", "label": "Uurtarief", "type": "amount"}],
        "roles": {"tarief": "uurtarief"},
    },
]


def _top_with_rate(users, school, rate, naam="Kind Een"):
    aanvraag = make_aanvraag(school, users["school_a"], naam=naam)
    Aanvraag.objects.filter(pk=aanvraag.pk).update(
        labels=RATE_LABELS, answers={**aanvraag.answers, "tarief": rate}
    )
    services.take_in(aanvraag, users["consulent"])
    return aanvraag


def _post_besluit(client, aanvraag, **extra):
    data = {
        "besluit-uitkomst": "toegekend",
        "besluit-motivering": "Past binnen het kader.",
        "besluit-start_date": "2026-09-01",
        "besluit-end_date": "2027-07-31",
        "besluit-amount": "9000.00",
        **{f"besluit-{k}": v for k, v in extra.items()},
    }
    return client.post(f"/admin/loket/{aanvraag.pk}/actie/besluit/", data)


def test_rate_above_the_maximum_needs_an_override_with_a_reason(client, loket_users, school_a):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    aanvraag = _top_with_rate(loket_users, school_a, "95.00")
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "hoger dan het maximum van € 80,00" in page  # shown before deciding

    response = _post_besluit(client, aanvraag)
    assert response.status_code == 400
    assert "Het gevraagde uurtarief (€ 95,00) is hoger dan het maximum" in (
        response.content.decode()
    )
    response = _post_besluit(client, aanvraag, override="on")
    assert response.status_code == 400
    assert not Besluit.objects.exists()

    response = _post_besluit(
        client, aanvraag, override="on", override_reason="Specialistische begeleiding."
    )
    assert response.status_code == 302
    besluit = Besluit.objects.get(aanvraag=aanvraag)
    assert besluit.override_reason == "Specialistische begeleiding."
    line = LogEntry.objects.get(aanvraag_id=aanvraag.pk, action=LogEntry.Action.AFWIJKING)
    assert "uurtarief" in line.detail and "Specialistische" not in line.detail


def test_rate_within_the_configured_maximum_needs_no_override(client, loket_users, school_a):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    settings_row = LoketSettings.load()
    settings_row.max_uurtarief = Decimal("100")
    settings_row.save()
    aanvraag = _top_with_rate(loket_users, school_a, "95.00")
    login_verified(client, loket_users["commissie"])
    assert _post_besluit(client, aanvraag).status_code == 302
    assert not LogEntry.objects.filter(action=LogEntry.Action.AFWIJKING).exists()
    assert Besluit.objects.get().override_reason == ""


def test_rejecting_needs_no_override(loket_users, school_a):
    aanvraag = _top_with_rate(loket_users, school_a, "120.00")
    besluit, _ = services.decide(
        aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Te duur."
    )
    assert not besluit.is_granted


def test_requested_rate_unit():
    from types import SimpleNamespace

    from loket.lifecycle.besluit import requested_rate

    def source(answer):
        return SimpleNamespace(labels=RATE_LABELS, answers={"tarief": answer})

    assert requested_rate(source("80.50")) == Decimal("80.50")
    assert requested_rate(source("x")) is None
    assert requested_rate(SimpleNamespace(labels=LABELS, answers={})) is None


# --- the TOP budget in the admin -------------------------------------------------------


def test_budget_cannot_be_set_below_what_is_booked(client, loket_users, school_a):
    budget = TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    aanvraag = _top_with_rate(loket_users, school_a, "70.00")
    services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Akkoord.",
        start_date=datetime.date(2026, 2, 1),
        end_date=datetime.date(2026, 12, 31),
        amount=Decimal("9000"),
    )  # books € 4.500 on 2026
    login_verified(client, loket_users["beheerder"])
    url = f"/admin/snippets/loket/topbudget/edit/{budget.pk}/"
    response = client.post(url, {"year": "2026", "amount": "4000.00"})
    assert response.status_code == 200
    assert "Het budget kan niet lager zijn dan wat er al op geboekt is" in (
        response.content.decode()
    )
    budget.refresh_from_db()
    assert budget.amount == Decimal("200000")
    response = client.post(url, {"year": "2026", "amount": "4500.00"})
    assert response.status_code == 302
    budget.refresh_from_db()
    assert budget.amount == Decimal("4500.00")
