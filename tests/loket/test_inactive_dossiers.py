"""Dossiers without activity (issue 27): listed for the school (Mijn loket) and the
consulent (admin) to archive, and purged when their own retention ends even though
nobody archived them. Activity is a change, never a look (``loket.dossiers.inactivity``).
Real database, time moved with time-machine, through HTTP where a user sees it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from accounts.models import Role
from devkit.clients import login_verified
from loket import logboek
from loket.dossiers import inactivity
from loket.models import Aanvraag, Dossier, LogEntry, LoketSettings
from loket.privacy.retention import rules as retention
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
A = LogEntry.Action


def made_ago(days, school, user, naam):
    with time_machine.travel(timezone.now() - days * DAY, tick=False):
        return make_aanvraag(school, user, naam=naam).dossier


def listed(queryset=None):
    return list(inactivity.inactive(queryset or Dossier.objects.all(), inactivity.threshold()))


def test_months_before_keeps_to_the_calendar():
    moment = datetime.datetime(2026, 3, 31, 12, tzinfo=datetime.UTC)
    assert inactivity.months_before(moment, 1) == moment.replace(month=2, day=28)
    assert inactivity.months_before(moment, 12) == moment.replace(year=2025)
    assert inactivity.months_before(moment, 13).month == 2


def test_a_look_is_no_activity_a_change_is(loket_users, school_a):
    users = loket_users
    old = made_ago(400, school_a, users["school_a"], "Lotte Stil")
    assert listed() == [old]
    # Looking, downloading, a reminder: the dossier stays inactive.
    logboek.log(A.DOSSIER_BEKEKEN, users["consulent"], dossier=old)
    logboek.log(A.DOWNLOAD, users["school_a"], dossier=old)
    assert listed() == [old]
    # A change in the logboek (a note of the SWV) is activity.
    logboek.log(A.NOTITIE, users["consulent"], dossier=old)
    assert listed() == []


def test_a_change_to_an_aanvraag_is_activity(loket_users, school_a):
    old = made_ago(400, school_a, loket_users["school_a"], "Daan Stil")
    aanvraag = old.aanvragen.get()
    assert listed() == [old]
    Aanvraag.objects.get(pk=aanvraag.pk).save()  # updated_at moves: something changed
    assert listed() == []


def test_the_period_is_the_beheerders_setting(loket_users, school_a):
    old = made_ago(400, school_a, loket_users["school_a"], "Noor Stil")
    made_ago(20, school_a, loket_users["school_a"], "Jonge Leerling")
    assert listed() == [old]
    settings_row = LoketSettings.load()
    settings_row.dossier_inactief_maanden = 24
    settings_row.save()
    assert listed() == []


def test_the_school_lists_its_own_inactive_dossiers(
    client, loket_users, school_a, school_b, django_assert_max_num_queries
):
    users = loket_users
    made_ago(400, school_a, users["school_a"], "Lotte Stil")
    made_ago(400, school_b, users["school_b"], "Ander Kind")
    made_ago(20, school_a, users["school_a"], "Jonge Leerling")
    login_verified(client, users["school_a"])
    url = "/loket/dossiers/zonder-activiteit/"
    assert 'href="/loket/dossiers/zonder-activiteit/"' in client.get("/loket/").content.decode()
    with django_assert_max_num_queries(20) as one:
        page = client.get(url).content.decode()
    assert "Lotte Stil" in page and "Archiveren" in page
    assert "Ander Kind" not in page and "Jonge Leerling" not in page
    # More inactive dossiers cost no more queries.
    for n in range(4):
        made_ago(500, school_a, users["school_a"], f"Stil Kind {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(url).content.decode()
    assert page.count("/archiveren/") == 5
    # Bad page numbers: the nearest page, no error.
    assert client.get(url + "?pagina=abc").status_code == 200
    # Not for someone without a school of their own.
    login_verified(client, users["consulent"])
    assert client.get(url).status_code == 403


def test_the_consulent_lists_the_inactive_dossiers_of_their_schools(
    client, loket_users, school_a, school_b, make_user
):
    users = loket_users
    made_ago(400, school_a, users["school_a"], "Lotte Stil")
    made_ago(400, school_b, users["school_b"], "Ander Kind")
    url = "/admin/loket/dossiers-zonder-activiteit/"
    login_verified(client, users["consulent"])
    page = client.get(url).content.decode()
    assert "Lotte Stil" in page and "Ander Kind" not in page
    login_verified(client, users["commissie"])
    page = client.get(url).content.decode()
    assert "Lotte Stil" in page and "Ander Kind" in page
    other = make_user(Role.CONSULENT, email="andere-consulent@swv.example")
    login_verified(client, other)
    assert "Lotte Stil" not in client.get(url).content.decode()
    login_verified(client, users["beheerder"])  # no pupil data for the beheerder
    assert client.get(url).status_code == 302


def test_a_never_archived_dossier_is_purged_when_its_retention_ends(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    users = loket_users
    gone = made_ago(3 * 365 + 10, school_a, users["school_a"], "Oud Stil Kind")
    stays = made_ago(400, school_a, users["school_a"], "Nog Niet Oud")
    frozen = made_ago(3 * 365 + 10, school_a, users["school_a"], "Beperkt Kind")
    Dossier.objects.filter(pk=frozen.pk).update(beperkt_sinds=timezone.now())
    assert not gone.is_archived
    reference = gone.aanvragen.get().reference

    assert retention.run(dry_run=True)["dossier_inactief"]["aantal"] == 1
    assert Dossier.objects.filter(pk=gone.pk).exists()
    with django_capture_on_commit_callbacks(execute=True):
        summary = retention.run()

    part = summary["dossier_inactief"]
    assert part["aantal"] == 1 and reference in part["kenmerken"]
    assert "Oud Stil Kind" not in str(summary)
    assert not Dossier.objects.filter(pk=gone.pk).exists()
    assert Dossier.objects.filter(pk__in=[stays.pk, frozen.pk]).count() == 2
    # The purge leaves its sealed line in the logboek, as for archived dossiers.
    assert [line.action for line in LogEntry.objects.filter(dossier_id=gone.pk)] == [A.VERZEGELD]


def test_a_short_purge_period_never_purges_before_the_list(loket_users, school_a):
    """A beheerder's purge period (at least a year) shorter than the list's months: the
    dossier is not purged before it has been on the list."""
    from loket.models import Bewaartermijn

    dossier = made_ago(400, school_a, loket_users["school_a"], "Lange Lijst")
    Bewaartermijn.objects.create(kind="dossier_inactief", days=365, action="verwijderen")
    settings_row = LoketSettings.load()
    settings_row.dossier_inactief_maanden = 18
    settings_row.save()
    assert retention.run(dry_run=True)["dossier_inactief"]["aantal"] == 0
    settings_row.dossier_inactief_maanden = 12
    settings_row.save()
    summary = retention.run(dry_run=True)["dossier_inactief"]
    assert summary["aantal"] == 1 and f"dossier {dossier.pk}" in summary["kenmerken"]
