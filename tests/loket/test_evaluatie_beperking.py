"""Evaluations and the AVG (issue 25), over HTTP as each user would.

- Under a restriction of processing (AVG art. 18, ``loket.beperking``) the school can
  neither start nor submit an evaluation, and nobody downloads an evaluation file
  through the portal (school, consulent, commissie: a Dutch 403); the privacy officer
  still gets it, in the art. 15 export.
- An evaluation file lives in private storage and is served only by the checking
  download views, to who may see the dossier; another school, a consulent of another
  school and the beheerder get a 404.
- An evaluation for an aanvraag that was refused is a Dutch 409, nothing saved.
"""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from devkit.clients import login_verified
from forms.models import FormDraft, FormSubmission
from loket.lifecycle import evaluatie, services
from loket.lifecycle.bijlagen import store_bijlage
from loket.models import AvgExport, Dossier, Evaluatiemoment
from tests.loket.helpers import PDF, make_aanvraag
from tests.loket.test_evaluatie import (
    TODAY,
    _fill_steps,
    _granted,
    evaluation_form,  # noqa: F401  (the fixture)
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(loket_users, school_a):
    """A granted arrangement whose first moment is answered, with a file copied onto
    the aanvraag as the hand-off copies it (``evaluatiemoment-<pk>-…``)."""
    aanvraag = _granted(loket_users, school_a, naam="Geheime Leerling", dates=[TODAY])
    moment = aanvraag.evaluatiemomenten.get()
    Evaluatiemoment.objects.filter(pk=moment.pk).update(
        status=Evaluatiemoment.Status.ONTVANGEN, ontvangen_op=timezone.now()
    )
    bijlage = store_bijlage(
        aanvraag,
        SimpleUploadedFile("evaluatieverslag.pdf", PDF, "application/pdf"),
        loket_users["school_a"],
        f"{evaluatie.FILE_PREFIX}{moment.pk}-verslag",
    )
    assert evaluatie.is_evaluation_file(bijlage)
    return aanvraag, bijlage


def _restrict(aanvraag):
    Dossier.objects.filter(pk=aanvraag.dossier_id).update(beperkt_sinds=timezone.now())


def _school_url(aanvraag, bijlage):
    return reverse("loket:bijlage", args=[aanvraag.reference, bijlage.pk])


def _admin_url(aanvraag, bijlage):
    return reverse("loket_admin:bijlage", args=[aanvraag.pk, bijlage.pk])


def test_only_who_sees_the_dossier_downloads_an_evaluation_file(
    client, answered, loket_users, make_user, settings
):
    aanvraag, bijlage = answered
    assert not bijlage.file.path.startswith(str(settings.MEDIA_ROOT))  # private, no media URL
    allowed = [
        ("school_a", _school_url),
        ("consulent", _admin_url),
        ("commissie", _admin_url),
        ("commissie", _school_url),
    ]
    for who, url in allowed:
        login_verified(client, loket_users[who])
        response = client.get(url(aanvraag, bijlage))
        assert response.status_code == 200, who
        assert b"".join(response.streaming_content).startswith(b"%PDF"), who
        client.logout()
    other_consulent = make_user(Role.CONSULENT, email="andere-consulent@swv.example")
    for user, url in [
        (loket_users["school_b"], _school_url),
        (other_consulent, _admin_url),
        (other_consulent, _school_url),
        (loket_users["beheerder"], _school_url),
    ]:
        login_verified(client, user)
        assert client.get(url(aanvraag, bijlage)).status_code == 404, user.email
        client.logout()


def test_a_restriction_blocks_evaluation_files_but_for_the_privacy_officer(
    client, answered, loket_users, make_user, django_capture_on_commit_callbacks
):
    aanvraag, bijlage = answered
    _restrict(aanvraag)
    for who, url in [
        ("school_a", _school_url),
        ("consulent", _admin_url),
        ("commissie", _admin_url),
        ("commissie", _school_url),
    ]:
        login_verified(client, loket_users[who])
        response = client.get(url(aanvraag, bijlage))
        assert response.status_code == 403, who
        assert "beperkt" in response.content.decode(), who
        client.logout()
    privacy = make_user(Role.PRIVACY, email="privacy@swv.example")
    login_verified(client, privacy)
    with django_capture_on_commit_callbacks(execute=True):
        leerling = aanvraag.dossier.leerling
        response = client.post(reverse("avg_admin:request"), {"leerling": leerling.pk})
    assert response.status_code == 302
    export = AvgExport.objects.latest("pk")
    download = client.get(reverse("avg_admin:download", args=[export.pk]))
    assert download.status_code == 200
    archive = zipfile.ZipFile(io.BytesIO(b"".join(download.streaming_content)))
    names = [name for name in archive.namelist() if name.endswith("evaluatieverslag.pdf")]
    assert names and archive.read(names[0]).startswith(b"%PDF")


def test_a_restriction_refuses_starting_and_submitting_an_evaluation(
    school_client,
    loket_users,
    school_a,
    evaluation_form,  # noqa: F811
):
    aanvraag = _granted(loket_users, school_a, naam="Geheime Leerling", dates=[TODAY])
    first, second = (
        aanvraag,
        _granted(loket_users, school_a, naam="Tweede Leerling", dates=[TODAY]),
    )
    # Begun before the restriction, sent after it: refused, nothing submitted.
    wizard = _fill_steps(school_client, second, second.evaluatiemomenten.get(), evaluation_form)
    _restrict(first)
    _restrict(second)
    refused = wizard.submit()
    assert refused.status_code == 409
    assert "beperkt (AVG artikel 18)" in refused.content.decode()
    assert not FormSubmission.objects.filter(key=wizard.key).exists()
    assert FormDraft.objects.filter(key=wizard.key).exists()
    assert second.evaluatiemomenten.get().is_open
    # Not begun: the start is refused, no draft.
    moment = first.evaluatiemomenten.get()
    response = school_client.post(f"/loket/aanvragen/{first.reference}/evaluaties/{moment.pk}/")
    assert response.status_code == 409
    assert "beperkt (AVG artikel 18)" in response.content.decode()
    moment.refresh_from_db()
    assert moment.draft_key is None and moment.is_open


def test_an_evaluation_for_a_refused_aanvraag_is_a_dutch_409(
    school_client,
    loket_users,
    school_a,
    evaluation_form,  # noqa: F811
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geweigerd Kind")
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    assert not aanvraag.evaluatiemomenten.exists()
    drafts = FormDraft.objects.count()
    response = school_client.post(f"/loket/aanvragen/{aanvraag.reference}/evaluaties/1/")
    assert response.status_code == 409
    assert "niet toegekend; er is geen evaluatie om in te vullen" in response.content.decode()
    assert FormDraft.objects.count() == drafts and not Evaluatiemoment.objects.exists()
