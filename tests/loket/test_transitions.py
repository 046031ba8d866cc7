"""The status machine: roles, current status, Dutch refusals, history and logboek."""

import datetime
from decimal import Decimal

import pytest

from accounts.models import Role
from loket.lifecycle import services
from loket.models import Aanvraag, LogEntry, StatusChange, TopBudget
from tests.loket.helpers import make_aanvraag

S = Aanvraag.Status


@pytest.fixture
def aanvraag(loket_users, school_a):
    return make_aanvraag(school_a, loket_users["school_a"])


def test_happy_path_and_history(loket_users, aanvraag, django_capture_on_commit_callbacks):
    consulent, school, commissie = (
        loket_users["consulent"],
        loket_users["school_a"],
        loket_users["commissie"],
    )
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    services.take_in(aanvraag, consulent)
    services.request_aanvulling(aanvraag, consulent, "Graag de evaluatie van het OPP.")
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.AANVULLING_GEVRAAGD and aanvraag.completed_at is None
    services.add_aanvulling(aanvraag, school, "Zie bijlage.")
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.AANGEVULD and aanvraag.completed_at is not None
    services.request_aanvulling(aanvraag, consulent, "Nog de handtekening.")
    services.add_aanvulling(aanvraag, school, "Bij deze.")
    services.take_in(aanvraag, consulent)
    besluit, warnings = services.decide(
        aanvraag,
        commissie,
        uitkomst="toegekend",
        motivering="Past binnen het kader.",
        start_date=datetime.date(2026, 8, 1),
        end_date=datetime.date(2027, 1, 31),
        amount=Decimal("20000"),
    )
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.BESLOTEN and aanvraag.decided_at
    assert warnings == []
    steps = list(StatusChange.objects.filter(aanvraag=aanvraag).values_list("to_status", flat=True))
    assert steps == [
        S.INGEDIEND,
        S.IN_BEHANDELING,
        S.AANVULLING_GEVRAAGD,
        S.AANGEVULD,
        S.AANVULLING_GEVRAAGD,
        S.AANGEVULD,
        S.IN_BEHANDELING,
        S.BESLOTEN,
    ]
    change = StatusChange.objects.get(aanvraag=aanvraag, reason="Nog de handtekening.")
    assert change.by == consulent and change.role == Role.CONSULENT
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="besluit").exists()


@pytest.mark.parametrize(
    "call",
    [
        lambda a, u: services.request_aanvulling(a, u["consulent"], "x"),  # not yet taken in
        lambda a, u: services.add_aanvulling(a, u["school_a"], "x"),  # nothing asked
        lambda a, u: services.decide(a, u["commissie"], uitkomst="afgewezen", motivering="x"),
    ],
)
def test_illegal_transitions_from_ingediend_are_refused_in_dutch(loket_users, aanvraag, call):
    with pytest.raises(services.TransitionError) as error:
        call(aanvraag, loket_users)
    assert "ingediend" in error.value.message
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.INGEDIEND


def test_roles_are_checked(loket_users, aanvraag, make_user, school_a):
    with pytest.raises(services.TransitionError) as error:
        services.take_in(aanvraag, loket_users["school_a"])
    assert error.value.status == 403
    services.take_in(aanvraag, loket_users["consulent"])
    # Only the commissie decides, not a consulent.
    with pytest.raises(services.TransitionError, match="commissie"):
        services.decide(aanvraag, loket_users["consulent"], uitkomst="afgewezen", motivering="x")
    # A consulent of another school cannot act on it at all.
    other = make_user(Role.CONSULENT)
    with pytest.raises(services.TransitionError) as error:
        services.request_aanvulling(aanvraag, other, "x")
    assert error.value.status == 404
    # A user of another school cannot withdraw it.
    with pytest.raises(services.TransitionError):
        services.withdraw(aanvraag, loket_users["school_b"])


def test_withdraw_until_besluit(loket_users, aanvraag, school_a):
    services.withdraw(aanvraag, loket_users["school_a"], "Leerling verhuist.")
    aanvraag.refresh_from_db()
    assert aanvraag.status == S.INGETROKKEN
    with pytest.raises(services.TransitionError):
        services.take_in(aanvraag, loket_users["consulent"])
    decided = make_aanvraag(school_a, loket_users["school_a"], naam="Ander Kind")
    services.take_in(decided, loket_users["consulent"])
    services.decide(decided, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    with pytest.raises(services.TransitionError, match="besloten"):
        services.withdraw(decided, loket_users["school_a"])


def test_stale_object_cannot_repeat_a_transition(loket_users, aanvraag):
    """Two staff act on the same (stale) object: the row is re-read under lock."""
    stale = Aanvraag.objects.get(pk=aanvraag.pk)
    services.take_in(aanvraag, loket_users["consulent"])
    with pytest.raises(services.TransitionError):
        services.take_in(stale, loket_users["commissie"])
    assert StatusChange.objects.filter(aanvraag=aanvraag, to_status=S.IN_BEHANDELING).count() == 1


def test_tlv_grant_needs_category_and_period(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], aanvraag_type="tlv")
    services.take_in(aanvraag, loket_users["consulent"])
    with pytest.raises(services.TransitionError, match="categorie"):
        services.decide(aanvraag, loket_users["commissie"], uitkomst="toegekend", motivering="x")
    besluit, _ = services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Passend.",
        tlv_categorie=2,
        start_date=datetime.date(2026, 8, 1),
        end_date=datetime.date(2027, 7, 31),
    )
    assert besluit.tlv_categorie == 2


def test_archive_dossier_rules(loket_users, aanvraag):
    dossier = aanvraag.dossier
    with pytest.raises(services.TransitionError, match="loopt nog"):
        services.archive_dossier(dossier, loket_users["consulent"])
    services.withdraw(aanvraag, loket_users["school_a"])
    # The school is dossierverantwoordelijk and archives; another school may not.
    with pytest.raises(services.TransitionError):
        services.archive_dossier(dossier, loket_users["school_b"])
    services.archive_dossier(dossier, loket_users["consulent"])
    dossier.refresh_from_db()
    assert dossier.is_archived
    assert LogEntry.objects.filter(dossier_id=dossier.pk, action="gearchiveerd").exists()
    # A new aanvraag for the same pupil reopens the dossier.
    again = make_aanvraag(aanvraag.school, loket_users["school_a"])
    assert again.dossier_id == dossier.pk
    dossier.refresh_from_db()
    assert not dossier.is_archived


def test_archive_waits_five_working_days_after_tlv(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], aanvraag_type="tlv")
    services.withdraw(aanvraag, loket_users["school_a"])
    with pytest.raises(services.TransitionError, match="vijf werkdagen"):
        services.archive_dossier(aanvraag.dossier, loket_users["consulent"])


def test_working_days_skip_weekends():
    # A week without public holidays (2026-05-25 is Tweede Pinksterdag: see tests/loket/
    # test_archive.py for the holidays).
    friday = datetime.date(2026, 6, 5)
    assert services.add_working_days(friday, 1) == datetime.date(2026, 6, 8)
    assert services.add_working_days(friday, 5) == datetime.date(2026, 6, 12)


def test_reference_numbers_count_per_year(db):
    assert services.next_reference(2031) == "SWV-2031-000001"
    assert services.next_reference(2031) == "SWV-2031-000002"
    assert services.next_reference(2032) == "SWV-2032-000001"
