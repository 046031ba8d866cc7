"""Formal documents as PDF: the besluit and the ontvangstbevestiging, rendered once,
archived in the private storage and downloaded by whoever may see the aanvraag."""

import hashlib
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Site

from cms.models import SiteSettings
from devkit.clients import login_verified
from loket.lifecycle import documenten, services
from loket.models import FormeelDocument, LogEntry, LoketSettings, TopBudget
from tests.conftest import ensure_site_tree
from tests.loket.helpers import make_aanvraag, pdf_text
from tests.pdfcheck import assert_accessible
from tests.permissions.conftest import give

pytestmark = pytest.mark.django_db


_text = pdf_text


def _body(response):
    return b"".join(response.streaming_content)


@pytest.fixture
def decided(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Pim Pdfleerling")
    services.take_in(aanvraag, loket_users["consulent"])
    loket_users["commissie"].first_name = "Carla"
    loket_users["commissie"].last_name = "Commissielid"
    loket_users["commissie"].save()
    today = timezone.localdate()
    for year in (today.year, today.year + 1):  # booked per calendar year
        TopBudget.objects.create(year=year, amount=Decimal("200000"))
    services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="De aanvraag past binnen het kader.",
        start_date=today,
        end_date=today.replace(year=today.year + 1),
        amount=Decimal("24000"),
    )
    return aanvraag


def _url(aanvraag, kind):
    return reverse("loket:document", args=[aanvraag.reference, kind])


def test_besluit_pdf_has_letterhead_terms_signer_and_objection_clause(client, decided, loket_users):
    ensure_site_tree()
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(
        site=site,
        defaults={
            "letterhead_name": "SWV De Rivieren",
            "letterhead_address": "Postbus 12\n1234 AB Stad",
        },
    )
    login_verified(client, loket_users["school_a"])
    response = client.get(_url(decided, "besluit"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    assert f"besluit-{decided.reference}.pdf" in response["Content-Disposition"]
    pdf = _body(response)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    for expected in (
        decided.reference,
        "SWV De Rivieren",
        "Postbus 12",
        "Toegekend",
        "De aanvraag past binnen het kader.",
        "24.000,00",
        "12.000,00",  # the SWV's half of a TOP-arrangement
        "Carla Commissielid",
        "bezwaaradviescommissie",
        "zes weken",
    ):
        assert expected in text, expected
    assert LogEntry.objects.filter(aanvraag=decided, action="besluitdocument").exists()
    assert_accessible(pdf, f"Besluit op aanvraag {decided.reference}")


def test_the_document_is_archived_once_and_never_rendered_again(client, decided, loket_users):
    login_verified(client, loket_users["school_a"])
    first = _body(client.get(_url(decided, "besluit")))
    document = FormeelDocument.objects.get(aanvraag=decided, kind="besluit")
    # A later change of the objection clause does not change the kept document.
    settings_row = LoketSettings.load()
    settings_row.bezwaar_clausule = "Een heel andere bezwaartekst."
    settings_row.save()
    second = _body(client.get(_url(decided, "besluit")))
    assert second == first
    assert FormeelDocument.objects.filter(aanvraag=decided).count() == 1
    with document.file.open("rb") as handle:
        assert handle.read() == first
    assert hashlib.sha256(first).hexdigest() == document.sha256
    assert "Een heel andere" not in _text(first)


def test_archived_on_commit_after_submission_and_besluit(
    django_capture_on_commit_callbacks, loket_users, school_a
):
    with django_capture_on_commit_callbacks(execute=True):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    assert aanvraag.documenten.filter(kind="ontvangstbevestiging").exists()
    services.take_in(aanvraag, loket_users["consulent"])
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    assert set(aanvraag.documenten.values_list("kind", flat=True)) == {
        "besluit",
        "ontvangstbevestiging",
    }


def test_ontvangstbevestiging_lists_answers_by_label_and_checksums(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Roos Ontvangst")
    bijlage = aanvraag.bijlagen.get()
    login_verified(client, loket_users["school_a"])
    response = client.get(_url(aanvraag, "ontvangstbevestiging"))
    assert response.status_code == 200
    pdf = _body(response)
    assert pdf.startswith(b"%PDF")
    text = _text(pdf)
    assert aanvraag.reference in text
    assert "Hoe wordt de omgeving aangepast?" in text  # the label of the revision used
    assert "De leerkracht krijgt coaching in de groep." in text
    assert "Roos Ontvangst" in text
    assert bijlage.original_name in text
    # The checksum may be broken over lines in the PDF text; compare without spaces.
    assert bijlage.sha256 in text.replace(" ", "")
    assert_accessible(pdf, f"Ontvangstbevestiging {aanvraag.reference}")


def test_school_admin_and_inzage_pages_link_to_the_pdfs(client, decided, loket_users):
    give(decided.dossier, loket_users["school_a"], user=loket_users["externe"])
    pages = {
        "school_a": decided.get_absolute_url(),
        "consulent": f"/admin/loket/{decided.pk}/",
        "externe": reverse("inzage:dossier", args=[decided.dossier_id]),
    }
    for who, url in pages.items():
        client.logout()
        login_verified(client, loket_users[who])
        html = client.get(url).content.decode()
        assert _url(decided, "besluit") in html, who
        assert _url(decided, "ontvangstbevestiging") in html, who


def test_who_may_download(client, decided, loket_users, make_user):
    dossier = decided.dossier
    give(dossier, loket_users["school_a"], user=loket_users["externe"])
    allowed = ["school_a", "commissie", "consulent", "externe"]
    for name in allowed:
        client.logout()
        login_verified(client, loket_users[name])
        for kind in ("besluit", "ontvangstbevestiging"):
            response = client.get(_url(decided, kind))
            assert response.status_code == 200, (name, kind)
            assert _body(response).startswith(b"%PDF")
    for name in ("school_b", "beheerder"):
        client.logout()
        login_verified(client, loket_users[name])
        for kind in ("besluit", "ontvangstbevestiging"):
            assert client.get(_url(decided, kind)).status_code == 404, (name, kind)
    client.logout()
    assert client.get(_url(decided, "besluit")).status_code == 302  # to the login page


def test_unknown_kind_and_missing_besluit_are_404(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    login_verified(client, loket_users["school_a"])
    assert client.get(_url(aanvraag, "besluit")).status_code == 404  # no besluit yet
    assert client.get(_url(aanvraag, "onzin")).status_code == 404
    assert not aanvraag.documenten.exists()
    assert not documenten.can_have(aanvraag, "onzin")


def test_retention_removes_the_documents(loket_users, school_a):
    from loket.privacy.retention.removal import delete_aanvraag

    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    document = documenten.archived_document(aanvraag, "ontvangstbevestiging")
    storage, name = document.file.storage, document.file.name
    assert storage.exists(name)
    delete_aanvraag(aanvraag)
    assert not FormeelDocument.objects.filter(pk=document.pk).exists()


def test_logo_from_the_site_settings_is_embedded(client, decided, loket_users):
    from django.core.files.images import ImageFile
    from pypdf import PdfReader
    from wagtail.images.models import Image

    from devkit.files import png_bytes

    ensure_site_tree()
    logo = Image(title="Logo SWV")
    logo.file.save("logo.png", ImageFile(io.BytesIO(png_bytes((120, 40))), name="logo.png"))
    logo.save()
    site = Site.objects.get(is_default_site=True)
    SiteSettings.objects.update_or_create(site=site, defaults={"logo": logo})
    login_verified(client, loket_users["school_a"])
    pdf = _body(client.get(_url(decided, "besluit")))
    assert len(PdfReader(io.BytesIO(pdf)).pages[0].images) == 1
