"""Importing subscribers (CSV/XLSX): dry-run preview first, confirmation mails unless proof."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from content.nieuwsbrieven.models import ConsentRecord, Subscriber
from devkit.clients import login_verified

from .conftest import active_lists, subscribe_active

pytestmark = pytest.mark.django_db

URL = "/admin/nieuwsbrieven/importeren/"
CSV = (
    b"E-mailadres;Naam\n"
    b"nieuw1@school.example;Nina Nieuw\n"
    b"NIEUW2@school.example;\n"
    b"geen-adres;Fout\n"
    b"weg@school.example;Was afgemeld\n"
)


def upload(client, content, lists, note="", name="lijst.csv"):
    return client.post(
        URL,
        {
            "file": SimpleUploadedFile(name, content),
            "lists": [lst.pk for lst in lists],
            "consent_note": note,
        },
    )


@pytest.fixture
def beheerder(client, users):
    return login_verified(client, users["beheerder"])


@pytest.fixture
def unsubscribed(lists):
    subscriber = subscribe_active("weg@school.example", lists["po"])
    subscriber.subscriptions.update(status="unsubscribed")
    return subscriber


def test_dry_run_previews_and_saves_nothing(beheerder, lists, unsubscribed):
    response = upload(beheerder, CSV, [lists["po"]])
    assert response.status_code == 200
    body = response.content.decode()
    assert "Voorbeeld (nog niets opgeslagen)" in body
    assert "nieuw1@school.example" in body and "nieuw2@school.example" in body
    assert "ongeldig" in body
    assert set(Subscriber.objects.values_list("email", flat=True)) == {"weg@school.example"}
    assert not mail.outbox


def test_confirmed_import_needs_confirmation_mails(beheerder, lists, unsubscribed):
    response = upload(beheerder, CSV, [lists["po"]])
    confirm = response.context["confirm_form"]
    data = {
        "upload": confirm["upload"].value(),
        "lists": [lists["po"].pk],
        "consent_note": "",
    }
    done = beheerder.post(URL, data)
    assert done.status_code == 302
    nina = Subscriber.objects.get(email="nieuw1@school.example")
    assert nina.name == "Nina Nieuw"
    assert Subscriber.objects.filter(email="nieuw2@school.example").exists()
    assert not Subscriber.objects.filter(email="geen-adres").exists()
    assert nina.subscriptions.get().status == "pending"
    assert active_lists(nina) == set()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "nieuw1@school.example",
        "nieuw2@school.example",
    ]
    # Whoever unsubscribed stays unsubscribed and gets no mail.
    assert unsubscribed.subscriptions.get().status == "unsubscribed"
    # The upload is used once.
    assert beheerder.post(URL, data).status_code == 302
    assert Subscriber.objects.count() == 3


def test_xlsx_import_with_proof_of_consent_is_active_at_once(beheerder, users, lists):
    book = Workbook()
    sheet = book.active
    sheet.append(["email", "naam"])
    sheet.append(["excel@school.example", "Eva Excel"])
    buffer = io.BytesIO()
    book.save(buffer)
    response = upload(
        beheerder, buffer.getvalue(), [lists["vo"]], note="Formulier studiedag 2026", name="x.txt"
    )
    assert response.status_code == 200
    beheerder.post(
        URL,
        {
            "upload": response.context["confirm_form"]["upload"].value(),
            "lists": [lists["vo"].pk],
            "consent_note": "Formulier studiedag 2026",
        },
    )
    eva = Subscriber.objects.get(email="excel@school.example")
    assert active_lists(eva) == {"Scholen VO"}
    proof = ConsentRecord.objects.get(subscriber=eva)
    assert (proof.kind, proof.note, proof.recorded_by) == (
        "imported",
        "Formulier studiedag 2026",
        users["beheerder"],
    )
    assert not mail.outbox


def test_unreadable_file_gets_a_dutch_error(beheerder, lists):
    response = upload(beheerder, b"\x00\x01\x02binary", [lists["po"]], name="lijst.csv")
    assert response.status_code == 400
    assert "geen CSV- of Excel-bestand" in response.content.decode()
    response = upload(beheerder, b"naam\nPiet\n", [lists["po"]])
    assert response.status_code == 400
    assert "geen kolom" in response.content.decode()


def test_redacteur_may_not_import(client, users, lists):
    login_verified(client, users["redacteur"])
    response = client.get(URL)
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith(URL)


def test_the_uploaded_file_goes_through_the_retried_file_deletion(
    beheerder, lists, django_capture_on_commit_callbacks
):
    """The upload holds addresses: it is queued (``PendingFileDeletion``) and removed
    after the commit, retried until the storage confirms, not deleted on the spot."""
    from cms.files.storage import private_storage
    from cms.models import PendingFileDeletion

    response = upload(beheerder, CSV, [lists["po"]])
    confirm = response.context["confirm_form"]
    data = {"upload": confirm["upload"].value(), "lists": [lists["po"].pk], "consent_note": ""}
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        assert beheerder.post(URL, data).status_code == 302
    [queued] = PendingFileDeletion.objects.filter(storage="private")
    assert private_storage().exists(queued.name)
    for callback in callbacks:
        callback()
    assert not private_storage().exists(queued.name)
    assert not PendingFileDeletion.objects.exists()
