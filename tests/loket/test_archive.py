"""Archiving. Seed ``nieuwsbrief-top-dossier-veelgestelde-vragen.txt``: “het afronden
van het dossier door deze te archiveren wanneer er geen betrokkenheid van het swv
meer nodig is … na het aanvragen van een TLV voor gespecialiseerd onderwijs minimaal
een werkweek te wachten met archiveren.” Weekends and Dutch public holidays
(``holidays``, NL) are not working days.
"""

import datetime
import zoneinfo

import pytest
import time_machine

from accounts.models import Role
from devkit.clients import login_verified
from loket.dossiers import archive
from loket.lifecycle import services
from loket.models import Aanvraag
from tests.loket.helpers import make_aanvraag

AMS = zoneinfo.ZoneInfo("Europe/Amsterdam")


def _at(day):
    return datetime.datetime.combine(day, datetime.time(10), tzinfo=AMS)


def _withdrawn_tlv(school, user, day):
    with time_machine.travel(_at(day)):
        aanvraag = make_aanvraag(school, user, aanvraag_type="tlv")
        services.withdraw(aanvraag, user)
    return aanvraag


def test_across_a_weekend(loket_users, school_a):
    school = loket_users["school_a"]
    aanvraag = _withdrawn_tlv(school_a, school, datetime.date(2026, 6, 5))  # a Friday
    dossier = aanvraag.dossier
    thursday = _at(datetime.date(2026, 6, 11))  # 4 working days later
    with time_machine.travel(thursday), pytest.raises(services.TransitionError, match="vijf"):
        archive.archive_dossier(dossier, school)
    with time_machine.travel(_at(datetime.date(2026, 6, 12))):  # Friday: 5 working days
        archive.archive_dossier(dossier, school)
    dossier.refresh_from_db()
    assert dossier.is_archived


def test_across_a_public_holiday(loket_users, school_a):
    # Friday 22 May 2026; Monday 25 May is Tweede Pinksterdag, so the fifth working
    # day is Monday 1 June, not Friday 29 May.
    school = loket_users["school_a"]
    aanvraag = _withdrawn_tlv(school_a, school, datetime.date(2026, 5, 22))
    assert archive.earliest_archive_date(aanvraag.dossier) == datetime.date(2026, 6, 1)
    friday = _at(datetime.date(2026, 5, 29))  # 5 weekdays later, 4 working days
    with time_machine.travel(friday), pytest.raises(services.TransitionError, match="01-06"):
        archive.archive_dossier(aanvraag.dossier, school)
    with time_machine.travel(_at(datetime.date(2026, 6, 1))):
        archive.archive_dossier(aanvraag.dossier, school)


def test_archived_dossier_is_read_only_but_inzage_still_possible(
    client, loket_users, school_a, cleo
):
    school = loket_users["school_a"]
    aanvraag = make_aanvraag(school_a, school)
    login_verified(client, school)
    url = f"/loket/dossiers/{aanvraag.dossier_id}/archiveren/"
    assert client.post(url).status_code == 409  # an aanvraag is open
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    assert client.post(url).status_code == 302
    with pytest.raises(services.TransitionError, match="gearchiveerd"):
        services.give_terugkoppeling(aanvraag, loket_users["consulent"], "Nog iets.")
    response = client.post(
        f"/loket/aanvragen/{aanvraag.reference}/instemming/",
        {"wijze": "buiten", "datum": datetime.date.today().isoformat(), "toelichting": "x"},
    )
    assert response.status_code == 409
    assert aanvraag.instemmingen.count() == 0
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Aanvraag.Status.BESLOTEN
    page = client.get(f"/loket/dossiers/{aanvraag.dossier_id}/").content.decode()
    assert "Klaarzetten voor overdracht" in page
    assert client.get(f"/loket/dossiers/{aanvraag.dossier_id}/inzage/nieuw/").status_code == 200


def test_archived_state_is_not_revealed_to_who_may_not_act(
    loket_users, school_a, school_b, make_user
):
    """The role and visibility checks come before the archive check: a user of
    another school learns nothing, not even that the dossier is archived."""
    school = loket_users["school_a"]
    aanvraag = make_aanvraag(school_a, school)
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    archive.archive_dossier(aanvraag.dossier, school)
    stranger = loket_users["school_b"]
    for action in (
        lambda: services.withdraw(aanvraag, stranger),
        lambda: services.add_aanvulling(aanvraag, stranger, "Iets."),
    ):
        with pytest.raises(services.TransitionError) as refused:
            action()
        assert refused.value.status == 403
        assert "gearchiveerd" not in refused.value.message
    with pytest.raises(services.TransitionError) as refused:
        services.give_terugkoppeling(
            aanvraag, make_user(Role.CONSULENT, email="c2@swv.example"), "Iets."
        )
    assert refused.value.status in (403, 404) and "gearchiveerd" not in refused.value.message
