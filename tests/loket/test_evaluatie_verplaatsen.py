"""Moving a planned evaluation moment (issue 25), through the admin as the SWV would.

``POST /admin/loket/<pk>/actie/evaluatie-verplaatsen/``: the consulent of the school
or the commissie moves an open moment to a later date with a reason. The logboek says
from which date to which, never the reason; the reminders follow the new date; the
school is told by mail without pupil data. A date in the past, the current date,
another moment's date, no reason, or an evaluation already received: a Dutch 4xx with
nothing changed. Per visitor: tests/permissions/test_access_matrix_evaluatie.py.
"""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import evaluatie, evaluatie_verplaatsen
from loket.models import Dossier, Evaluatiemoment, LogEntry
from tests.loket.test_evaluatie import _granted

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
DAYS = datetime.timedelta


def _url(aanvraag):
    return f"/admin/loket/{aanvraag.pk}/actie/evaluatie-verplaatsen/"


def _data(moment, new_date, reden="De school is drie weken dicht na een brand."):
    return {
        "verplaatsen-moment": str(moment.pk),
        "verplaatsen-datum": new_date.isoformat() if new_date else "",
        "verplaatsen-reden": reden,
    }


@pytest.fixture
def granted(loket_users, school_a):
    return _granted(
        loket_users,
        school_a,
        naam="Rosa Geheimnaam",
        start=TODAY,
        dates=[TODAY + DAYS(30), TODAY + DAYS(90)],
    )


def test_the_consulent_moves_a_moment_and_the_reminder_follows(
    client, granted, loket_users, django_capture_on_commit_callbacks
):
    moment = granted.evaluatiemomenten.first()
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluatie.remind(TODAY + DAYS(16)) == (1, 0)  # 14 days before the old date
    login_verified(client, loket_users["consulent"])
    page = client.get(f"/admin/loket/{granted.pk}/").content.decode()
    assert "Evaluatiemoment verplaatsen" in page and _url(granted) in page
    mail.outbox.clear()
    new_date = TODAY + DAYS(60)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(_url(granted), _data(moment, new_date))
    assert response.status_code == 302
    moment.refresh_from_db()
    assert moment.due_date == new_date and moment.is_open
    assert moment.verplaatst_door == loket_users["consulent"]
    assert moment.verplaatst_reden == "De school is drie weken dicht na een brand."
    assert moment.herinnering_op is None and moment.te_laat_herinnering_op is None
    line = LogEntry.objects.get(action=LogEntry.Action.EVALUATIE_VERPLAATST)
    old = (TODAY + DAYS(30)).isoformat()
    assert line.detail == f"van {old} naar {new_date.isoformat()}"
    assert "brand" not in line.detail  # the free text stays out of the logboek
    # The school is told, by kenmerk only.
    assert [m.to for m in mail.outbox] == [[loket_users["school_a"].email]]
    body = mail.outbox[0].body + mail.outbox[0].alternatives[0][0]
    assert "verplaatst" in mail.outbox[0].subject and "Rosa" not in body
    assert "Geheimnaam" not in body and granted.reference in body
    # The reminder follows the new date: none at the old time, one 14 days before it.
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluatie.remind(TODAY + DAYS(31)) == (0, 0)
        assert evaluatie.remind(new_date - DAYS(14)) == (1, 0)
        assert evaluatie.remind(new_date + DAYS(1)) == (0, 1)
    # Both pages show the move; the reason only in the admin.
    admin_page = client.get(f"/admin/loket/{granted.pk}/").content.decode()
    assert "Verplaatst" in admin_page and "brand" in admin_page
    client.logout()
    login_verified(client, loket_users["school_a"])
    school_page = client.get(granted.get_absolute_url()).content.decode()
    assert "Verplaatst" in school_page and "brand" not in school_page


def test_the_commissie_moves_a_moment(client, granted, loket_users):
    moment = granted.evaluatiemomenten.last()
    login_verified(client, loket_users["commissie"])
    assert client.post(_url(granted), _data(moment, TODAY)).status_code == 302  # today is fine
    moment.refresh_from_db()
    assert moment.due_date == TODAY and moment.verplaatst_door == loket_users["commissie"]


@pytest.mark.parametrize(
    ("new_date", "reden", "status", "message"),
    [
        (TODAY - DAYS(1), "Later.", 400, "De nieuwe datum ligt in het verleden"),
        (TODAY + DAYS(30), "Later.", 400, "Kies een andere datum dan de huidige"),
        (TODAY + DAYS(90), "Later.", 400, "is er al een evaluatiemoment voor deze aanvraag"),
        (TODAY + DAYS(40), "", 400, "een geldige nieuwe datum en een reden"),
        (None, "Later.", 400, "een geldige nieuwe datum en een reden"),
    ],
)
def test_bad_input_is_a_dutch_4xx_and_nothing_changes(
    client, granted, loket_users, new_date, reden, status, message
):
    moment = granted.evaluatiemomenten.first()
    login_verified(client, loket_users["consulent"])
    response = client.post(_url(granted), _data(moment, new_date, reden))
    assert response.status_code == status
    assert message in response.content.decode()
    moment.refresh_from_db()
    assert moment.due_date == TODAY + DAYS(30) and moment.verplaatst_op is None
    assert not LogEntry.objects.filter(action=LogEntry.Action.EVALUATIE_VERPLAATST).exists()


def test_a_received_evaluation_does_not_move(client, granted, loket_users):
    moment = granted.evaluatiemomenten.first()
    Evaluatiemoment.objects.filter(pk=moment.pk).update(status=Evaluatiemoment.Status.ONTVANGEN)
    login_verified(client, loket_users["consulent"])
    page = client.get(f"/admin/loket/{granted.pk}/").content.decode()
    assert page.count("Evaluatiemoment verplaatsen") == 1  # only the open one offers it
    response = client.post(_url(granted), _data(moment, TODAY + DAYS(45)))
    assert response.status_code == 409
    assert "al ontvangen; het evaluatiemoment verplaatsen kan niet meer" in (
        response.content.decode()
    )
    moment.refresh_from_db()
    assert moment.due_date == TODAY + DAYS(30)


def test_a_moment_of_another_aanvraag_and_a_school_user_are_refused(granted, loket_users, school_a):
    other = _granted(loket_users, school_a, naam="Ander Kind", dates=[TODAY + DAYS(10)])
    moment = granted.evaluatiemomenten.first()
    with pytest.raises(TransitionError) as wrong:
        evaluatie_verplaatsen.move(other, loket_users["consulent"], moment.pk, TODAY, "x")
    assert wrong.value.status == 404
    with pytest.raises(TransitionError) as school:
        evaluatie_verplaatsen.move(granted, loket_users["school_a"], moment.pk, TODAY, "x")
    assert school.value.status == 403
    moment.refresh_from_db()
    assert moment.verplaatst_op is None


def test_a_restricted_dossier_is_not_processed(client, granted, loket_users):
    Dossier.objects.filter(pk=granted.dossier_id).update(beperkt_sinds=timezone.now())
    moment = granted.evaluatiemomenten.first()
    login_verified(client, loket_users["commissie"])
    response = client.post(_url(granted), _data(moment, TODAY + DAYS(45)))
    assert response.status_code == 409
    assert "beperkt (AVG artikel 18)" in response.content.decode()
    moment.refresh_from_db()
    assert moment.due_date == TODAY + DAYS(30) and moment.verplaatst_op is None
