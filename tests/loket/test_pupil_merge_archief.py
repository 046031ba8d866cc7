"""Merging when a dossier is archived or both dossiers have an ontwikkelplan (issue 31).

An archived dossier of the same child goes into the open one, whichever pupil it was
on; the confirmation page says that its retention term then runs with the open
dossier, and the archive date stays on record (``Samenvoeging.merged_archived_at``,
the logboek). Two plans both stay on the remaining dossier: the newer current, the
other an earlier version with its own instemming. Every row ends on the remaining
dossier (counted before and after).
"""

import datetime

import pytest
from django.utils import timezone

from loket.instemming import services as instemming
from loket.models import (
    Aanvraag,
    Bijlage,
    Dossier,
    Instemming,
    Leerling,
    LogEntry,
    Ontwikkelplan,
    Samenvoeging,
)
from loket.school.plan import save_plan
from permissions.models import InzageGrant
from tests.loket.test_pupil_merge import twins, url  # noqa: F401 (the fixture)

pytestmark = pytest.mark.django_db

ARCHIVED = datetime.datetime(2025, 7, 10, 12, 0, tzinfo=datetime.UTC)


def _counts():
    return {
        "aanvragen": Aanvraag.objects.count(),
        "bijlagen": Bijlage.objects.count(),
        "instemmingen": Instemming.objects.count(),
        "inzages": InzageGrant.objects.count(),
        "plannen": Ontwikkelplan.objects.count(),
    }


def _archive(dossier):
    Dossier.objects.filter(pk=dossier.pk).update(status="gearchiveerd", archived_at=ARCHIVED)


def _everything_on(dossier):
    return {
        "aanvragen": Aanvraag.objects.filter(dossier=dossier).count(),
        "bijlagen": Bijlage.objects.filter(aanvraag__dossier=dossier).count(),
        "instemmingen": Instemming.objects.filter(aanvraag__dossier=dossier).count()
        + Instemming.objects.filter(plan__dossier=dossier).count(),
        "inzages": InzageGrant.objects.filter(dossier=dossier).count(),
        "plannen": Ontwikkelplan.objects.filter(dossier=dossier).count(),
    }


def test_an_archived_dossier_goes_into_the_open_one_and_says_so(twins):  # noqa: F811
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    keep_dossier, gone_dossier = twins["keep_dossier"], twins["gone_dossier"]
    _archive(gone_dossier)
    before = _counts()

    compare = client.get(url(keep), {"met": gone.pk})
    assert compare.status_code == 200
    page = compare.content.decode()
    assert "bewaartermijn loopt dan niet meer vanaf de eigen archiefdatum" in page
    assert "10 juli 2025" in page

    assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 302
    assert _counts() == before
    assert _everything_on(keep_dossier) == before
    keep_dossier.refresh_from_db()
    assert not keep_dossier.is_archived
    assert list(Dossier.objects.all()) == [keep_dossier]
    record = Samenvoeging.objects.get()
    assert record.merged_dossier_id == gone_dossier.pk and record.merged_archived_at == ARCHIVED
    line = LogEntry.objects.get(action=LogEntry.Action.SAMENGEVOEGD)
    assert line.dossier_id == keep_dossier.pk
    assert "gearchiveerd op 2025-07-10" in line.detail and "Sane" not in line.detail


def test_the_open_dossier_remains_also_when_the_kept_pupils_one_is_archived(twins):  # noqa: F811
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    keep_dossier, gone_dossier = twins["keep_dossier"], twins["gone_dossier"]
    _archive(keep_dossier)
    before = _counts()
    assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 302
    remaining = Dossier.objects.get()
    assert remaining.pk == gone_dossier.pk and remaining.leerling_id == keep.pk
    assert not remaining.is_archived
    assert _everything_on(remaining) == before
    assert not Leerling.objects.filter(pk=gone.pk).exists()
    assert Samenvoeging.objects.get().merged_dossier_id == keep_dossier.pk
    assert Samenvoeging.objects.get().merged_archived_at == ARCHIVED


def test_two_plans_both_stay_the_newer_current(twins, loket_users):  # noqa: F811
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    keep_dossier, gone_dossier = twins["keep_dossier"], twins["gone_dossier"]
    school_user = loket_users["school_a"]
    old_plan = Ontwikkelplan.objects.get(dossier=gone_dossier)
    instemming.register_outside(
        old_plan, school_user, datum=timezone.localdate(), toelichting="Op papier."
    )
    # A parent's link still open on the older plan: withdrawn by the merge.
    open_link = Instemming.objects.create(
        plan=old_plan,
        wijze=Instemming.Wijze.EMAIL,
        status=Instemming.Status.VERSTUURD,
        email="ouder@example.org",
        ends_on=timezone.localdate() + datetime.timedelta(days=14),
        created_by=school_user,
    )
    new_plan = save_plan(keep_dossier, school_user, doelen="Lezen met een maatje.")
    Ontwikkelplan.objects.filter(pk=old_plan.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    before = _counts()

    compare = client.get(url(keep), {"met": gone.pk})
    assert compare.status_code == 200
    assert "het andere blijft bewaard als eerdere versie" in compare.content.decode()
    assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 302

    assert _counts() == before and _everything_on(keep_dossier) == before
    assert list(Ontwikkelplan.current_of(keep_dossier)) == [new_plan]
    old_plan.refresh_from_db()
    assert old_plan.dossier_id == keep_dossier.pk and old_plan.samengevoegd_op is not None
    assert old_plan.doelen == "Rekenen in kleine stappen."
    assert old_plan.instemmingen.count() == 2
    open_link.refresh_from_db()
    assert open_link.status == Instemming.Status.INGETROKKEN
    assert LogEntry.objects.filter(action=LogEntry.Action.INSTEMMING_INGETROKKEN).count() == 1
    line = LogEntry.objects.get(action=LogEntry.Action.SAMENGEVOEGD)
    assert f"ontwikkelplan {old_plan.pk} eerdere versie" in line.detail

    # The plan page edits the current plan and shows the earlier version read-only.
    plan_url = f"/loket/dossiers/{keep_dossier.pk}/plan/"
    page = client.get(plan_url).content.decode()
    assert "Eerdere versies (samengevoegd)" in page and "Rekenen in kleine stappen." in page
    assert client.post(plan_url, {"doelen": "Lezen, nu in groep."}).status_code == 302
    new_plan.refresh_from_db()
    old_plan.refresh_from_db()
    assert new_plan.doelen == "Lezen, nu in groep."
    assert old_plan.doelen == "Rekenen in kleine stappen."
    assert Ontwikkelplan.objects.count() == 2


def test_the_newer_plan_of_the_merged_dossier_becomes_current(twins, loket_users):  # noqa: F811
    client, keep, gone = twins["client"], twins["keep"], twins["gone"]
    keep_dossier = twins["keep_dossier"]
    kept_plan = save_plan(keep_dossier, loket_users["school_a"], doelen="Lezen.")
    Ontwikkelplan.objects.filter(pk=kept_plan.pk).update(
        updated_at=timezone.now() - datetime.timedelta(days=30)
    )
    assert client.post(url(keep), {"met": gone.pk, "bevestigd": "on"}).status_code == 302
    current = Ontwikkelplan.current_of(keep_dossier).get()
    assert current.doelen == "Rekenen in kleine stappen."
    kept_plan.refresh_from_db()
    assert kept_plan.samengevoegd_op is not None
