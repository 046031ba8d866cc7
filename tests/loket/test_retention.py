"""Bewaartermijnen: what has passed is removed - rows, files in storage (both
copies), logboek lines, inzage grants and guardian rows - and a dry run changes
nothing. Real files in a temporary private storage; real database."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from cms.files.storage import private_storage
from content.nieuwsbrieven.models import NewsletterList, Subscriber, Subscription
from devkit.clients import login_verified
from forms.models import FormSubmission, FormSubmissionFile
from loket import logboek
from loket.lifecycle import ledger, services
from loket.models import (
    Aanvraag,
    Besluit,
    Bewaartermijn,
    Bijlage,
    Dossier,
    Leerling,
    LogEntry,
    RetentieRun,
    TopBudget,
    TopLedgerEntry,
)
from loket.privacy.retention import rules as retention
from loket.types import AanvraagType
from permissions.models import DossierUserObjectPermission, InzageGrant
from tests.loket.helpers import make_aanvraag
from tests.permissions.conftest import give

DAY = datetime.timedelta(days=1)


def stored_names():
    storage = private_storage()
    found = []

    def walk(path):
        try:
            folders, files = storage.listdir(path)
        except FileNotFoundError:
            return
        found.extend(f"{path}/{name}".lstrip("/") for name in files)
        for folder in folders:
            walk(f"{path}/{folder}".lstrip("/"))

    walk("")
    return sorted(found)


def decided(school, users, *, naam, uitkomst="afgewezen", days_ago=0, **kwargs):
    aanvraag = make_aanvraag(school, users["school_a"], naam=naam, **kwargs)
    services.take_in(aanvraag, users["consulent"])
    services.give_terugkoppeling(aanvraag, users["consulent"], "Toelichting van het SWV.")
    extra = {}
    if uitkomst == "toegekend":
        today = timezone.localdate()
        extra = {
            "start_date": today,
            "end_date": today + 30 * DAY,
            "amount": Decimal("10000"),
            "tlv_categorie": 1 if aanvraag.type == AanvraagType.TLV else None,
        }
    services.decide(aanvraag, users["commissie"], uitkomst=uitkomst, motivering="Motief.", **extra)
    Besluit.objects.filter(aanvraag=aanvraag).update(decided_at=timezone.now() - days_ago * DAY)
    Aanvraag.objects.filter(pk=aanvraag.pk).update(
        submitted_at=timezone.now() - (days_ago + 30) * DAY
    )
    aanvraag.refresh_from_db()
    return aanvraag


def archive(dossier, users, days_ago):
    services.archive_dossier(dossier, users["commissie"])
    Dossier.objects.filter(pk=dossier.pk).update(archived_at=timezone.now() - days_ago * DAY)


@pytest.fixture
def old_dossier(loket_users, school_a, django_capture_on_commit_callbacks):
    """An archived dossier, 3 years ago, with a granted TOP (booked), a file, a grant."""
    for year in (timezone.localdate().year, timezone.localdate().year + 1):
        TopBudget.objects.create(year=year, amount=Decimal("500000"))
    aanvraag = decided(
        school_a, loket_users, naam="Oude Leerling", uitkomst="toegekend", days_ago=1100
    )
    # Part of the SWV share released, with free text that names the pupil.
    booked = ledger.net_by_year(aanvraag)
    ledger.release(
        aanvraag,
        loket_users["commissie"],
        year=max(booked, key=booked.get),
        amount=Decimal("1000"),
        reden="gestopt",
        toelichting="Oude Leerling is verhuisd.",
    )
    grant = give(aanvraag.dossier, loket_users["school_a"], user=loket_users["externe"])
    InzageGrant.objects.filter(pk=grant.pk).update(ends_on=timezone.localdate() + 5 * DAY)
    archive(aanvraag.dossier, loket_users, days_ago=3 * 365)
    return aanvraag.dossier


@pytest.fixture
def young_dossier(loket_users, school_a):
    aanvraag = decided(school_a, loket_users, naam="Jonge Leerling", days_ago=10)
    archive(aanvraag.dossier, loket_users, days_ago=30)
    return aanvraag.dossier


def test_dry_run_changes_nothing(old_dossier, young_dossier, django_capture_on_commit_callbacks):
    files, lines = stored_names(), LogEntry.objects.count()
    assert files
    with django_capture_on_commit_callbacks(execute=True):
        call_command("bewaartermijnen", "--dry-run")
    assert stored_names() == files
    assert LogEntry.objects.count() == lines
    assert Dossier.objects.count() == 2 and Bijlage.objects.count() == 2
    assert InzageGrant.objects.count() == 1 and not RetentieRun.objects.exists()
    summary = retention.run(dry_run=True)
    assert summary["dossier_gearchiveerd"]["aantal"] == 1


def test_run_removes_the_archived_dossier_with_files_grants_and_logboek(
    old_dossier, young_dossier, loket_users, django_capture_on_commit_callbacks
):
    old_aanvraag = old_dossier.aanvragen.get()
    old_files = list(old_aanvraag.bijlagen.values_list("file", flat=True))
    young_files = list(
        Bijlage.objects.filter(aanvraag__dossier=young_dossier).values_list("file", flat=True)
    )
    assert DossierUserObjectPermission.objects.filter(content_object=old_dossier).exists()
    assert LogEntry.objects.filter(dossier_id=old_dossier.pk).exists()
    reference = old_aanvraag.reference

    with django_capture_on_commit_callbacks(execute=True):
        call_command("bewaartermijnen")

    assert not Dossier.objects.filter(pk=old_dossier.pk).exists()
    assert not Leerling.objects.filter(naam="Oude Leerling").exists()
    assert not Aanvraag.objects.filter(pk=old_aanvraag.pk).exists()
    assert not InzageGrant.objects.filter(dossier_id=old_dossier.pk).exists()
    assert not DossierUserObjectPermission.objects.filter(content_object_id=old_dossier.pk).exists()
    # Only the sealed line stays (loket.models.logboek), without the kenmerk.
    left = LogEntry.objects.filter(dossier_id=old_dossier.pk)
    assert [line.action for line in left] == [LogEntry.Action.VERZEGELD]
    assert left.get().reference == "" and left.get().actor == ""
    assert not LogEntry.objects.filter(aanvraag_id=old_aanvraag.pk).exists()
    # The files are gone from storage and no row refers to them.
    remaining = stored_names()
    assert old_files and not set(old_files) & set(remaining)
    assert not Bijlage.objects.filter(file__in=old_files).exists()
    assert set(young_files) <= set(remaining)
    # Budget figures stay, without the aanvraag (and without a release's free text).
    lines = TopLedgerEntry.objects.all()
    assert lines and all(line.aanvraag_id is None for line in lines)
    assert sum(line.amount for line in lines) == Decimal("4000.00")
    assert not lines.exclude(toelichting="").exists()
    # The young dossier is untouched.
    assert Dossier.objects.filter(pk=young_dossier.pk).exists()
    # Recorded without personal data: counts and kenmerken.
    run = RetentieRun.objects.get()
    part = run.summary["dossier_gearchiveerd"]
    assert part["aantal"] == 1 and reference in part["kenmerken"]
    assert "Oude Leerling" not in str(run.summary)


def test_afgewezen_aanvraag_is_anonymised_and_keeps_its_figures(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = decided(school_a, loket_users, naam="Afgewezen Leerling", days_ago=400)
    files = list(aanvraag.bijlagen.values_list("file", flat=True))
    with django_capture_on_commit_callbacks(execute=True):
        retention.run()
    aanvraag.refresh_from_db()
    assert aanvraag.answers == {} and aanvraag.labels == [] and aanvraag.dossier_id is None
    assert aanvraag.type == AanvraagType.TOP_ARRANGEMENT and aanvraag.school == school_a
    assert aanvraag.besluit.uitkomst == "afgewezen" and aanvraag.besluit.motivering == ""
    assert not aanvraag.bijlagen.exists() and not aanvraag.terugkoppelingen.exists()
    assert not set(files) & set(stored_names())
    # A second run finds nothing more.
    assert retention.run()["afgewezen_aanvraag"]["aantal"] == 0


def test_a_young_tlv_besluit_keeps_its_archived_dossier(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = decided(
        school_a, loket_users, naam="Tlv Leerling", aanvraag_type=AanvraagType.TLV, days_ago=800
    )
    archive(aanvraag.dossier, loket_users, days_ago=3 * 365)
    with django_capture_on_commit_callbacks(execute=True):
        summary = retention.run()
    assert summary["dossier_gearchiveerd"]["aantal"] == 0
    assert Dossier.objects.filter(pk=aanvraag.dossier_id).exists()


def test_the_beheerder_setting_overrides_the_default(loket_users, school_a):
    decided(school_a, loket_users, naam="Kort Bewaard", days_ago=20)
    assert retention.run(dry_run=True)["afgewezen_aanvraag"]["aantal"] == 0
    Bewaartermijn.objects.create(kind="afgewezen_aanvraag", days=10, action="verwijderen")
    assert retention.chosen()["afgewezen_aanvraag"] == (10, "verwijderen")
    retention.run()
    assert not Aanvraag.objects.exists()


def test_the_form_engine_copy_is_emptied_once_the_loket_has_it(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    key = uuid.uuid4()
    submission = FormSubmission.objects.create(
        key=key,
        organisation=school_a,
        user=loket_users["school_a"],
        form_title="TOP",
        answers={"x": "geheim"},
        labels=[{"title": "Stap"}],
    )
    row = FormSubmissionFile(
        submission=submission,
        field_name="opp",
        original_name="opp.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
    )
    row.file.save("opp.pdf", ContentFile(b"pdf"), save=True)
    name = row.file.name
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    Aanvraag.objects.filter(pk=aanvraag.pk).update(submission_key=key)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.run()["formulierinzending"]["aantal"] == 1
    submission.refresh_from_db()
    assert submission.answers == {} and submission.labels == []
    assert not submission.files.exists() and name not in stored_names()
    assert aanvraag.bijlagen.count() == 1  # the loket's own copy stays


def test_newsletter_consent_goes_a_year_after_unsubscribing(db):
    old = timezone.now() - 400 * DAY
    lijst = NewsletterList.objects.create(name="Nieuws")
    gone = Subscriber.objects.create(email="weg@example.org", created_at=old)
    Subscription.objects.create(
        subscriber=gone,
        newsletter_list=lijst,
        source="form",
        status="unsubscribed",
        requested_at=old,
        unsubscribed_at=old,
    )
    active = Subscriber.objects.create(email="blijft@example.org", created_at=old)
    Subscription.objects.create(
        subscriber=active, newsletter_list=lijst, source="form", status="active", requested_at=old
    )
    retention.run()
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["blijft@example.org"]


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="De trigger bestaat alleen op PostgreSQL."
)
def test_trigger_allows_delete_only_inside_purge(loket_users, school_a):
    first = make_aanvraag(school_a, loket_users["school_a"], naam="Een")
    second = make_aanvraag(school_a, loket_users["school_a"], naam="Twee")
    with transaction.atomic():
        assert logboek.purge(dossier_ids=[first.dossier_id]) >= 1
        # Right after purge, in the same transaction, the trigger refuses again.
        with (
            connection.cursor() as cursor,
            pytest.raises(DatabaseError, match="alleen aan te vullen"),
            transaction.atomic(),
        ):
            cursor.execute("DELETE FROM loket_logentry WHERE dossier_id = %s", [second.dossier_id])
        with (
            connection.cursor() as cursor,
            pytest.raises(DatabaseError, match="alleen aan te vullen"),
            transaction.atomic(),
        ):
            cursor.execute("SELECT set_config('swv.bewaartermijn', 'aan', true)")
            cursor.execute(
                "UPDATE loket_logentry SET detail = 'x' WHERE dossier_id = %s",
                [second.dossier_id],
            )
    assert (
        not LogEntry.objects.filter(dossier_id=first.dossier_id)
        .exclude(action="verzegeld")
        .exists()
    )
    assert LogEntry.objects.filter(dossier_id=second.dossier_id).exists()


def test_beheerder_sets_a_period_in_the_admin(client, loket_users):
    url = "/admin/snippets/loket/bewaartermijn/"
    login_verified(client, loket_users["commissie"])
    assert client.get(url).status_code in (302, 403)
    client.logout()
    login_verified(client, loket_users["beheerder"])
    form = client.get(url + "add/")
    assert form.status_code == 200
    assert "2 jaar na het archiveren" in form.content.decode()  # the source of the default
    refused = client.post(
        url + "add/", {"kind": "formulierinzending", "days": 5, "action": "verwijderen"}
    )
    assert refused.status_code == 200 and not Bewaartermijn.objects.exists()
    done = client.post(url + "add/", {"kind": "concept", "days": 60, "action": "verwijderen"})
    assert done.status_code == 302
    assert retention.chosen()["concept"] == (60, "verwijderen")
    assert client.get(url).status_code == 200
