"""AVG inzage export (art. 15): built by the task into private storage, offered once,
to the requester only, for a limited time; producing and downloading are logged
without personal data."""

import datetime
import io
import json
import zipfile
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from cms.files.storage import private_storage
from devkit.clients import login_verified
from loket.instemming import services as instemming
from loket.lifecycle import documenten, services
from loket.models import AvgExport, Bijlage, LogEntry
from loket.privacy.avg import export as avg_export
from loket.school import plan
from loket.staff import notities
from tests.loket.helpers import make_aanvraag, stored_file
from tests.pdfcheck import assert_accessible
from tests.permissions.conftest import give

pytestmark = pytest.mark.django_db


@pytest.fixture
def privacy(make_user):
    return make_user(Role.PRIVACY, email="privacy@swv.example")


@pytest.fixture
def full_dossier(loket_users, school_a):
    """One pupil with two aanvragen, a terugkoppeling with a file, a besluit, an
    instemming, an inzage grant and logboek lines; plus another pupil."""
    school_user = loket_users["school_a"]
    first = make_aanvraag(
        school_a,
        school_user,
        naam="Sanne Testleerling",
        files=[stored_file("opp.pdf"), stored_file("evaluatie 2026.pdf", field_name="opp")],
    )
    services.take_in(first, loket_users["consulent"])
    services.give_terugkoppeling(first, loket_users["consulent"], "Graag het OPP bijwerken.")
    services.decide(first, loket_users["commissie"], uitkomst="afgewezen", motivering="Nog niet.")
    instemming.register_outside(
        first, school_user, datum=datetime.date.today(), toelichting="Op papier getekend."
    )
    second = make_aanvraag(school_a, school_user, naam="Sanne Testleerling")
    give(first.dossier, school_user, user=loket_users["externe"])
    opp = plan.save_plan(first.dossier, school_user, doelen="Rekenen op niveau 1F.")
    instemming.register_outside(
        opp, school_user, datum=datetime.date.today(), toelichting="OPP-gesprek, getekend."
    )
    notities.add_notitie(first, loket_users["consulent"], "Moeder belt terug na de vakantie.")
    documenten.archived_document(first, "ontvangstbevestiging")  # as the worker would
    other = make_aanvraag(school_a, school_user, naam="Andere Leerling")
    assert second.dossier_id == first.dossier_id
    return {"first": first, "second": second, "other": other, "leerling": first.dossier.leerling}


def _request(client, leerling, capture):
    with capture(execute=True):
        response = client.post(reverse("avg_admin:request"), {"leerling": leerling.pk})
    assert response.status_code == 302
    return AvgExport.objects.latest("pk")


def _download(client, export):
    from django.test import TestCase

    # The file's deletion after the download waits for the commit (cms.files.deletion);
    # the test's own transaction never commits, so its callbacks run here.
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.get(reverse("avg_admin:download", args=[export.pk]))
        assert response.status_code == 200, response.status_code
        assert response["Content-Type"] == "application/zip"
        return b"".join(response.streaming_content)


def test_export_holds_everything_and_is_downloaded_once(
    client, privacy, full_dossier, django_capture_on_commit_callbacks
):
    login_verified(client, privacy)
    leerling = full_dossier["leerling"]
    export = _request(client, leerling, django_capture_on_commit_callbacks)
    export.refresh_from_db()
    assert export.status == AvgExport.Status.KLAAR
    stored_name = export.file.name
    assert private_storage().exists(stored_name)
    assert "Sanne" not in stored_name
    assert export.expires_at > timezone.now() + datetime.timedelta(days=6)

    data = _download(client, export)
    archive = zipfile.ZipFile(io.BytesIO(data))
    names = set(archive.namelist())
    index = archive.read("index.html").decode()
    # Pupil data, both aanvragen with the labels of the revision, besluit,
    # terugkoppeling, instemming, inzage and logboek.
    assert "Sanne Testleerling" in index
    assert full_dossier["first"].reference in index
    assert full_dossier["second"].reference in index
    assert "Hoe wordt de omgeving aangepast?" in index
    assert "De leerkracht krijgt coaching in de groep." in index
    assert "Nog niet." in index and "Afgewezen" in index
    assert "Graag het OPP bijwerken." in index
    assert "Op papier getekend." in index
    assert "Onderzoek door de externe." in index
    assert "Aanvraag ingediend" in index  # a logboek line
    assert "Andere Leerling" not in index
    # The ontwikkelplan with its instemming, the SWV's internal notes and the formal
    # documents (art. 15 covers what the SWV keeps internally too).
    assert "Rekenen op niveau 1F." in index and "OPP-gesprek, getekend." in index
    assert "Moeder belt terug na de vakantie." in index
    receipt = full_dossier["first"].documenten.get(kind="ontvangstbevestiging")
    with receipt.file.open("rb") as original:
        path = f"documenten/{full_dossier['first'].reference}/ontvangstbevestiging.pdf"
        assert archive.read(path) == original.read()
    # Every file of the pupil, byte for byte, and nothing of the other pupil.
    bijlagen = Bijlage.objects.filter(aanvraag__dossier=full_dossier["first"].dossier)
    assert bijlagen.count() == 3
    for bijlage in bijlagen:
        path = next(
            n for n in names if n.startswith(f"bijlagen/{bijlage.aanvraag.reference}/{bijlage.pk}-")
        )
        with bijlage.file.open("rb") as original:
            assert archive.read(path) == original.read()
        assert path in index
    other_refs = [n for n in names if full_dossier["other"].reference in n]
    assert other_refs == []
    assert archive.read("index.pdf").startswith(b"%PDF")
    assert_accessible(archive.read("index.pdf"), "Inzage persoonsgegevens – Sanne Testleerling")
    gegevens = json.loads(archive.read("gegevens.json"))
    assert gegevens["dossiers"][0]["leerling"]["naam"] == "Sanne Testleerling"
    assert gegevens["dossiers"][0]["ontwikkelplan"]["doelen_en_aanpak"] == "Rekenen op niveau 1F."
    # After the one download the file is gone; a second try is a 410.
    export.refresh_from_db()
    assert export.status == AvgExport.Status.GEDOWNLOAD
    assert not private_storage().exists(stored_name)
    again = client.get(reverse("avg_admin:download", args=[export.pk]))
    assert again.status_code == 410
    # Producing and downloading are logged, with the export's number only.
    lines = LogEntry.objects.filter(
        action__in=[LogEntry.Action.AVG_EXPORT, LogEntry.Action.AVG_DOWNLOAD]
    )
    assert {line.action for line in lines} == {"avg_export", "avg_download"}
    for line in lines:
        assert line.detail == f"export {export.pk}"
        assert line.dossier_id == full_dossier["first"].dossier_id
        assert line.role == Role.PRIVACY


def test_an_aborted_download_may_be_retried(
    client, privacy, full_dossier, django_capture_on_commit_callbacks
):
    login_verified(client, privacy)
    export = _request(client, full_dossier["leerling"], django_capture_on_commit_callbacks)
    response = client.get(reverse("avg_admin:download", args=[export.pk]))
    stream = iter(response.streaming_content)
    next(stream)
    response._iterator.close()  # the client went away mid-download
    export.refresh_from_db()
    assert export.status == AvgExport.Status.KLAAR
    assert zipfile.ZipFile(io.BytesIO(_download(client, export))).testzip() is None


def test_another_user_gets_a_404(
    client, privacy, loket_users, make_user, full_dossier, django_capture_on_commit_callbacks
):
    login_verified(client, privacy)
    export = _request(client, full_dossier["leerling"], django_capture_on_commit_callbacks)
    url = reverse("avg_admin:download", args=[export.pk])
    second_officer = make_user(Role.PRIVACY, email="privacy2@swv.example")
    client.logout()
    login_verified(client, second_officer)
    assert client.get(url).status_code == 404
    client.logout()
    login_verified(client, loket_users["commissie"])
    assert client.get(url).status_code == 404
    for role in ("beheerder", "consulent", "school_a"):
        client.logout()
        login_verified(client, loket_users[role])
        assert client.get(url).status_code in (302, 403)
    export.refresh_from_db()
    assert export.status == AvgExport.Status.KLAAR


def test_expired_exports_are_cleaned_up_by_the_scheduled_command(
    client, privacy, full_dossier, django_capture_on_commit_callbacks
):
    login_verified(client, privacy)
    export = _request(client, full_dossier["leerling"], django_capture_on_commit_callbacks)
    export.refresh_from_db()
    name = export.file.name
    AvgExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    assert client.get(reverse("avg_admin:download", args=[export.pk])).status_code == 410
    with django_capture_on_commit_callbacks(execute=True):
        call_command("avg_exports_opruimen")
    export.refresh_from_db()
    assert export.status == AvgExport.Status.VERLOPEN
    assert not private_storage().exists(name)
    assert not export.file


def test_an_export_does_not_outlive_a_pupil_removed_by_retention(
    client, privacy, full_dossier, django_capture_on_commit_callbacks
):
    login_verified(client, privacy)
    export = _request(client, full_dossier["leerling"], django_capture_on_commit_callbacks)
    export.refresh_from_db()
    name = export.file.name
    AvgExport.objects.filter(pk=export.pk).update(leerling=None)  # as retention's SET_NULL
    with django_capture_on_commit_callbacks(execute=True):
        assert avg_export.cleanup_expired() == 1
    assert not private_storage().exists(name)
    assert client.get(reverse("avg_admin:download", args=[export.pk])).status_code == 410


def test_the_task_payload_holds_the_id_only(
    privacy, full_dossier, monkeypatch, django_capture_on_commit_callbacks
):
    calls = []
    stub = SimpleNamespace(enqueue=lambda *a, **k: calls.append((a, k)))
    monkeypatch.setattr(avg_export, "build_avg_export", stub)
    with django_capture_on_commit_callbacks(execute=True):
        export = avg_export.request_export(privacy, full_dossier["leerling"])
    assert calls == [((export.pk,), {})]


def test_search_and_bad_input(client, privacy, full_dossier):
    login_verified(client, privacy)
    url = reverse("avg_admin:index")
    found = client.post(url, {"q": "sanne"})
    assert found.status_code == 200
    assert "Sanne Testleerling" in found.content.decode()
    assert "Andere Leerling" not in found.content.decode()
    assert client.post(url, {"q": "sanne", "geboortedatum": "gisteren"}).status_code == 400
    bad = client.post(reverse("avg_admin:request"), {"leerling": "x"})
    assert bad.status_code == 302 and not AvgExport.objects.exists()
    assert client.post(reverse("avg_admin:request"), {"leerling": "999999"}).status_code == 404


def test_the_commissie_may_export_too(
    client, loket_users, full_dossier, django_capture_on_commit_callbacks
):
    login_verified(client, loket_users["commissie"])
    export = _request(client, full_dossier["leerling"], django_capture_on_commit_callbacks)
    assert zipfile.ZipFile(io.BytesIO(_download(client, export))).read("index.html")


def test_a_file_missing_from_storage_fails_the_export_cleanly(privacy, full_dossier):
    bijlage = Bijlage.objects.filter(aanvraag=full_dossier["first"]).first()
    bijlage.file.storage.delete(bijlage.file.name)
    export = AvgExport.objects.create(leerling=full_dossier["leerling"], requested_by=privacy)
    with pytest.raises(FileNotFoundError):
        avg_export.build_avg_export.call(export.pk)
    export.refresh_from_db()
    assert export.status == AvgExport.Status.MISLUKT


def test_the_index_query_count_does_not_grow(
    client, privacy, full_dossier, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_verified(client, privacy)
    url = reverse("avg_admin:index")
    client.get(url)
    AvgExport.objects.create(leerling=full_dossier["leerling"], requested_by=privacy)
    with CaptureQueriesContext(connection) as small:
        assert client.post(url, {"q": "sanne"}).status_code == 200
    for _index in range(6):
        AvgExport.objects.create(leerling=full_dossier["leerling"], requested_by=privacy)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.post(url, {"q": "sanne"}).status_code == 200


def test_an_export_file_goes_through_the_retried_file_deletion(
    client, privacy, full_dossier, django_capture_on_commit_callbacks
):
    """Not ``storage.delete`` on the spot: the name is queued (``PendingFileDeletion``),
    tried after the commit and kept as work until the storage confirms."""
    from cms.models import PendingFileDeletion

    login_verified(client, privacy)
    export = _request(client, full_dossier["leerling"], django_capture_on_commit_callbacks)
    export.refresh_from_db()
    name = export.file.name
    AvgExport.objects.filter(pk=export.pk).update(expires_at=timezone.now())
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert avg_export.cleanup_expired() == 1
    assert PendingFileDeletion.objects.filter(storage="private", name=name).exists()
    assert private_storage().exists(name)  # nothing goes before the commit
    for callback in callbacks:
        callback()
    assert not private_storage().exists(name)
    assert not PendingFileDeletion.objects.filter(name=name).exists()
