"""The demo fills the help centre from the seeds, and the home page links into it."""

import io

import pytest
from django.core.management import call_command
from pypdf import PdfReader

from content.handleidingen import HandleidingPage
from content.models import StandardPage
from kennisbank.models import (
    KennisbankArticlePage,
    KennisbankCategoryPage,
    KennisbankSectionPage,
)

pytestmark = pytest.mark.django_db


def test_demo_help_centre(client):
    call_command("demo")
    assert KennisbankCategoryPage.objects.live().count() >= 4
    assert KennisbankArticlePage.objects.live().count() >= 12
    dossier = KennisbankCategoryPage.objects.get(slug="dossier-beheren")
    sections = KennisbankSectionPage.objects.child_of(dossier).live()
    assert [s.slug for s in sections] == ["afronden-en-overdragen", "nieuw-schooljaar"]
    listing = client.get(dossier.url).content.decode()
    assert "Afronden en overdragen" in listing and "De ondersteuningstoolbox is leeg" in listing
    manuals = {m.slug: m for m in HandleidingPage.objects.live()}
    assert {"opp-light", "hit", "cleo", "tlv", "loketmodule"} <= set(manuals)
    for manual in manuals.values():
        # A real document made from the page, not a placeholder.
        document = manual.generated_pdf.document
        response = client.get(document.url)
        assert response.status_code == 200
        data = b"".join(response.streaming_content)
        assert data.startswith(b"%PDF") and len(data) > 10_000
        first_page = PdfReader(io.BytesIO(data)).pages[0].extract_text()
        assert manual.title in " ".join(first_page.split())
    loketmodule = client.get(manuals["loketmodule"].url).content.decode()
    assert '<track kind="captions"' in loketmodule and "Uitgeschreven tekst" in loketmodule
    video = manuals["loketmodule"].video_file
    assert client.get(video.url).status_code == 200 and video.filename.endswith(".webm")
    assert StandardPage.objects.live().filter(slug="top-arrangementen").exists()

    home = client.get("/").content.decode()
    for link in ['href="/kennisbank/"', 'href="/handleidingen/"', 'href="/top-arrangementen/"']:
        assert link in home
    for url in ["/kennisbank/", "/handleidingen/", "/top-arrangementen/"]:
        assert client.get(url).status_code == 200
    kader = client.get("/top-arrangementen/").content.decode()
    assert "200.000" in kader and "€ 80" in kader

    response = client.get("/zoeken/", {"q": "archiveren"})
    assert "Een dossier afronden" in [hit.title for hit in response.context["hits"]]
