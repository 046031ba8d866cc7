"""Postponing an aanvraag to a later vergadering (it keeps its history) and the
notulen per agendapunt, which only the commissie reads and writes."""

import datetime
import threading

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone

from accounts.models import Role
from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import services
from loket.models import Agendapunt, LogEntry, Vergadering
from loket.staff import vergaderingen
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"], reason="row locks: PostgreSQL"
)
NOTULEN = "Besproken; wacht op het verslag van de jeugdarts."


def _in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def _planned(loket_users, school_a):
    """A ready aanvraag on next week's vergadering, and a later vergadering."""
    commissie = loket_users["commissie"]
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Uri Uitstel")
    services.take_in(aanvraag, loket_users["consulent"])
    eerste = vergaderingen.create_vergadering(commissie, _in_days(7), "CvT")
    tweede = vergaderingen.create_vergadering(commissie, _in_days(21), "CvT")
    vergaderingen.plan(aanvraag, commissie, eerste)
    return aanvraag, eerste, tweede, Agendapunt.objects.get(aanvraag=aanvraag)


def test_postponing_keeps_the_history(loket_users, school_a):
    aanvraag, eerste, tweede, punt = _planned(loket_users, school_a)
    vergaderingen.postpone(punt, loket_users["commissie"], tweede)
    punt.refresh_from_db()
    assert punt.status == Agendapunt.Status.UITGESTELD
    assert punt.moved_to.vergadering == tweede
    assert punt.moved_to.status == Agendapunt.Status.GEAGENDEERD
    assert vergaderingen.current(aanvraag) == punt.moved_to
    line = LogEntry.objects.get(aanvraag=aanvraag, action=LogEntry.Action.UITGESTELD)
    assert "CvT" not in line.detail  # the date only, no typed text
    # A besluit marks the current item behandeld; it can no longer be postponed.
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    assert Agendapunt.objects.get(pk=punt.moved_to_id).status == Agendapunt.Status.BEHANDELD


@pytest.mark.parametrize("case", ["same", "past", "earlier", "behandeld", "uitgesteld"])
def test_postponing_refusals_save_nothing(loket_users, school_a, case):
    commissie = loket_users["commissie"]
    aanvraag, eerste, tweede, punt = _planned(loket_users, school_a)
    target = tweede
    if case == "same":
        target = eerste
    elif case == "past":
        target = vergaderingen.create_vergadering(commissie, _in_days(0))
        Vergadering.objects.filter(pk=target.pk).update(date=_in_days(-3))
        target.refresh_from_db()
    elif case == "earlier":
        target = vergaderingen.create_vergadering(commissie, _in_days(2))
    elif case == "behandeld":
        Agendapunt.objects.filter(pk=punt.pk).update(status=Agendapunt.Status.BEHANDELD)
    elif case == "uitgesteld":
        vergaderingen.postpone(punt, commissie, tweede)
        target = vergaderingen.create_vergadering(commissie, _in_days(28))
    before = list(Agendapunt.objects.order_by("pk").values())
    with pytest.raises(TransitionError) as refused:
        vergaderingen.postpone(punt, commissie, target)
    assert 400 <= refused.value.status < 500
    assert list(Agendapunt.objects.order_by("pk").values()) == before


def test_only_the_commissie_postpones(loket_users, school_a):
    aanvraag, eerste, tweede, punt = _planned(loket_users, school_a)
    with pytest.raises(TransitionError) as refused:
        vergaderingen.postpone(punt, loket_users["consulent"], tweede)
    assert refused.value.status == 403


def test_commissie_postpones_from_the_agenda_and_writes_notulen(client, loket_users, school_a):
    aanvraag, eerste, tweede, punt = _planned(loket_users, school_a)
    login_verified(client, loket_users["commissie"])
    url = f"/admin/loket/vergaderingen/{eerste.pk}/notulen/{punt.pk}/"
    response = client.post(url, {f"n{punt.pk}-notulen": NOTULEN})
    assert response.status_code == 302
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="notulen").count() == 1
    assert NOTULEN not in str(list(LogEntry.objects.values_list("detail", flat=True)))
    response = client.post(url, {f"n{punt.pk}-notulen": "x" * 10_001})
    assert response.status_code == 400 and "10000 tekens" in response.content.decode()

    # Postponing to the same meeting: a Dutch 400, nothing saved.
    action = f"/admin/loket/{aanvraag.pk}/actie/uitstellen/"
    same = {"uitstel-punt": punt.pk, "uitstel-vergadering": eerste.pk}
    response = client.post(action, same)
    assert response.status_code == 400 and "kies een latere" in response.content.decode()
    assert Agendapunt.objects.count() == 1
    later = {"uitstel-punt": punt.pk, "uitstel-vergadering": tweede.pk}
    response = client.post(action, {**later, "terug_vergadering": eerste.pk})
    assert response["Location"] == f"/admin/loket/vergaderingen/{eerste.pk}/"
    # The same postponement again (a second tab): refused, no second next item.
    assert client.post(action, later).status_code == 409
    assert Agendapunt.objects.count() == 2

    datum = tweede.date.strftime("%-d")
    page = client.get(f"/admin/loket/vergaderingen/{eerste.pk}/").content.decode()
    assert "uitgesteld naar" in page and datum in page and NOTULEN in page
    page = client.get(f"/admin/loket/vergaderingen/{tweede.pk}/").content.decode()
    assert "uitgesteld van" in page
    detail = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "Eerdere vergaderingen" in detail and "uitgesteld naar" in detail
    assert NOTULEN in detail


def test_notulen_are_for_the_commissie_only(
    client, loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag, eerste, tweede, punt = _planned(loket_users, school_a)
    with django_capture_on_commit_callbacks(execute=True):
        vergaderingen.save_notulen(punt, loket_users["commissie"], NOTULEN)
        vergaderingen.postpone(punt, loket_users["commissie"], tweede)
    assert all(NOTULEN not in m.body for m in mail.outbox)
    # The consulent of the school reads the agenda and the history, not the notulen.
    login_verified(client, loket_users["consulent"])
    for url in (f"/admin/loket/vergaderingen/{eerste.pk}/", f"/admin/loket/{aanvraag.pk}/"):
        page = client.get(url).content.decode()
        assert "uitgesteld naar" in page and NOTULEN not in page
    url = f"/admin/loket/vergaderingen/{eerste.pk}/notulen/{punt.pk}/"
    assert client.post(url, {f"n{punt.pk}-notulen": "Anders"}).status_code in (302, 403)
    punt.refresh_from_db()
    assert punt.notulen == NOTULEN
    # The school sees the logboek line, never the text.
    login_verified(client, loket_users["school_a"])
    page = client.get(f"/loket/aanvragen/{aanvraag.reference}/").content.decode()
    assert NOTULEN not in page
    with pytest.raises(TransitionError):
        vergaderingen.save_notulen(punt, loket_users["beheerder"], "Anders")


@postgresql_only
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_staff_postponing_at_once_make_one_next_item(loket_users, school_a, make_user):
    aanvraag, eerste, tweede, punt = _planned(loket_users, school_a)
    derde = vergaderingen.create_vergadering(loket_users["commissie"], _in_days(28))
    staff = [loket_users["commissie"], make_user(Role.COMMISSIE, email="commissie2@swv.example")]
    barrier = threading.Barrier(len(staff))
    outcomes = []

    def postpone(user, target):
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            vergaderingen.postpone(punt, user, target)
            outcomes.append("ok")
        except TransitionError as error:
            outcomes.append(error.status)
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=postpone, args=(user, target))
        for user, target in zip(staff, [tweede, derde], strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=str) == [409, "ok"]
    assert Agendapunt.objects.filter(aanvraag=aanvraag).count() == 2
    assert Agendapunt.objects.filter(aanvraag=aanvraag, status="geagendeerd").count() == 1
