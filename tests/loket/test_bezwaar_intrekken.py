"""The school withdraws its own bezwaar (issue 25): over HTTP, as the school would.

Before the outcome only: the bezwaar ends as *ingetrokken* (by the school, logged, the
consulent told by mail without pupil data); a second withdrawal, or one after the
commissie decided, is a Dutch 409 with nothing changed; the SWV and another school
cannot withdraw it.
"""

import datetime

import pytest
import time_machine
from django.core import mail

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import bezwaar as rules
from loket.lifecycle import services
from loket.models import Aanvraag, Bezwaar, FormeelDocument, LogEntry
from tests.loket.helpers import make_aanvraag

DAY = datetime.datetime(2026, 6, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def lodged(loket_users, school_a):
    with time_machine.travel(DAY, tick=False):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
        services.take_in(aanvraag, loket_users["consulent"])
        services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
        bezwaar = rules.lodge(aanvraag, loket_users["school_a"], "Geheime Leerling mist ...")
    return aanvraag, bezwaar


def _url(aanvraag, bezwaar):
    return f"/loket/aanvragen/{aanvraag.reference}/bezwaar/{bezwaar.pk}/intrekken/"


def test_school_withdraws_its_bezwaar(
    client, lodged, loket_users, django_capture_on_commit_callbacks
):
    aanvraag, bezwaar = lodged
    login_verified(client, loket_users["school_a"])
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert _url(aanvraag, bezwaar) in page and "Bezwaar intrekken" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(aanvraag, bezwaar))
    assert response.status_code == 302
    bezwaar.refresh_from_db()
    assert bezwaar.uitkomst == Bezwaar.Uitkomst.INGETROKKEN
    assert bezwaar.behandeld_door == loket_users["school_a"] and bezwaar.uitkomst_op
    assert bezwaar.uitkomst_motivering == "Ingetrokken door de school."
    # No letter of the commissie: there was nothing to decide.
    assert not FormeelDocument.objects.filter(bezwaar=bezwaar).exists()
    line = LogEntry.objects.get(action=LogEntry.Action.BEZWAAR_INGETROKKEN)
    assert line.aanvraag_id == aanvraag.pk and line.user == loket_users["school_a"]
    assert "Geheime" not in line.detail
    withdrawn = [m for m in mail.outbox if "ingetrokken door de school" in m.subject]
    assert [m.to for m in withdrawn] == [[loket_users["consulent"].email]]
    assert "Geheime" not in withdrawn[0].body and aanvraag.reference in withdrawn[0].body
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Ingetrokken" in page and "Bezwaar intrekken" not in page
    # The school may lodge a new one within the term (none is open any more).
    with time_machine.travel(DAY + datetime.timedelta(days=1), tick=False):
        assert rules.may_lodge(Aanvraag.objects.get(pk=aanvraag.pk))


def test_second_withdrawal_is_a_dutch_409(client, lodged, loket_users):
    aanvraag, bezwaar = lodged
    login_verified(client, loket_users["school_a"])
    assert client.post(_url(aanvraag, bezwaar)).status_code == 302
    response = client.post(_url(aanvraag, bezwaar))
    assert response.status_code == 409
    assert "al afgehandeld (ingetrokken); intrekken kan niet meer" in response.content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.BEZWAAR_INGETROKKEN).count() == 1


def test_withdrawal_after_the_outcome_is_a_dutch_409(client, lodged, loket_users):
    aanvraag, bezwaar = lodged
    rules.decide_bezwaar(bezwaar, loket_users["commissie"], "ongegrond", "Nee.")
    login_verified(client, loket_users["school_a"])
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Bezwaar intrekken" not in page
    response = client.post(_url(aanvraag, bezwaar))
    assert response.status_code == 409
    assert "al afgehandeld (ongegrond)" in response.content.decode()
    bezwaar.refresh_from_db()
    assert bezwaar.uitkomst == Bezwaar.Uitkomst.ONGEGROND
    assert not LogEntry.objects.filter(action=LogEntry.Action.BEZWAAR_INGETROKKEN).exists()


def test_only_the_school_itself_withdraws(client, lodged, loket_users):
    aanvraag, bezwaar = lodged
    for who in ("school_b", "consulent", "commissie"):
        client.logout()
        login_verified(client, loket_users[who])
        for method in ("get", "post"):
            assert getattr(client, method)(_url(aanvraag, bezwaar)).status_code == 404, who
    with pytest.raises(TransitionError) as refused:
        rules.withdraw(aanvraag, loket_users["commissie"], bezwaar.pk)
    assert refused.value.status == 403
    bezwaar.refresh_from_db()
    assert bezwaar.is_open
    # The GET of the school's own user goes back to the page; an unknown id is a 404.
    client.logout()
    login_verified(client, loket_users["school_a"])
    assert client.get(_url(aanvraag, bezwaar)).status_code == 302
    unknown = f"/loket/aanvragen/{aanvraag.reference}/bezwaar/{bezwaar.pk + 99}/intrekken/"
    response = client.post(unknown)
    assert response.status_code == 404 and "Dit bezwaar bestaat niet." in response.content.decode()
