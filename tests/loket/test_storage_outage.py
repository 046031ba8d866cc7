"""S3 away (cms.files.storage): a download answers a Dutch 503, an aanvulling keeps its
text and says why, and nothing half is stored. Before, both answered 500."""

from django.core.files.uploadedfile import SimpleUploadedFile

from devkit import files
from devkit.clients import login_verified
from loket.lifecycle import services
from loket.models import Aanvraag, LogEntry
from tests.loket.helpers import make_aanvraag
from tests.storage_outage import private_storage_away

MESSAGE = "Bestanden kunnen op dit moment niet worden opgeslagen of geopend."


def test_a_download_while_the_storage_is_away_is_a_dutch_503(
    client, loket_users, school_a, settings
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    bijlage = aanvraag.bijlagen.get()
    login_verified(client, loket_users["school_a"])
    private_storage_away(settings)
    response = client.get(f"/loket/aanvragen/{aanvraag.reference}/bijlagen/{bijlage.pk}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert MESSAGE in response.content.decode()
    # Not delivered, so not logged as a download.
    assert not LogEntry.objects.filter(aanvraag=aanvraag, action="download").exists()


def test_an_aanvulling_while_the_storage_is_away_keeps_its_text_and_nothing_half(
    client, loket_users, school_a, settings
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    services.request_aanvulling(aanvraag, loket_users["consulent"], "Graag het OPP.")
    login_verified(client, loket_users["school_a"])
    url = f"/loket/aanvragen/{aanvraag.reference}/aanvulling/"
    data = {"text": "Het OPP van dit schooljaar, zoals gevraagd."}

    storages_before = settings.STORAGES
    private_storage_away(settings)
    response = client.post(
        url, {**data, "files": [SimpleUploadedFile("opp.pdf", files.pdf_bytes())]}
    )
    assert response.status_code == 503
    page = response.content.decode()
    assert MESSAGE in page
    assert "Het OPP van dit schooljaar, zoals gevraagd." in page
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANVULLING_GEVRAAGD
    assert not aanvraag.aanvullingen.exists()
    assert aanvraag.bijlagen.count() == 1  # only the one of the submission

    settings.STORAGES = storages_before  # the storage is back: the same post succeeds
    response = client.post(
        url, {**data, "files": [SimpleUploadedFile("opp.pdf", files.pdf_bytes())]}
    )
    assert response.status_code == 302
    assert aanvraag.aanvullingen.count() == 1
    assert aanvraag.bijlagen.count() == 2
