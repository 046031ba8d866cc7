"""Documents of a live manual are public; the rest of the library is private unless published."""

import pytest
from wagtail.models import Collection

from content.choices import Audience
from content.documents import PUBLIC_COLLECTION_NAME, public_collection
from devkit.clients import login_verified
from tests.conftest import ensure_site_tree
from tests.content.conftest import add_manual, make_document

pytestmark = pytest.mark.django_db


def download(client, document):
    response = client.get(document.url)
    if response.status_code == 200:
        b"".join(response.streaming_content)
    return response.status_code


def test_document_of_a_live_manual_is_public(client, handleidingen):
    pdf = make_document("Instructie HIT")
    add_manual(handleidingen, "HIT", Audience.SCHOOLMODULE, documents=[pdf])
    assert download(client, pdf) == 200


def test_other_documents_are_private(client, handleidingen):
    internal = make_document("Interne notitie")
    assert download(client, internal) == 404


def test_document_of_a_draft_manual_stays_private(client, handleidingen):
    pdf = make_document("Concepthandleiding")
    manual = add_manual(handleidingen, "Concept", Audience.SCHOOLMODULE, documents=[pdf])
    manual.unpublish()
    assert download(client, pdf) == 404


def test_document_used_in_a_published_article_is_public(client):
    from tests.kennisbank.conftest import add_article

    pdf = make_document("Stroomschema")
    from kennisbank.models import KennisbankCategoryPage, KennisbankIndexPage

    index = ensure_site_tree().add_child(instance=KennisbankIndexPage(title="Kennisbank"))
    category = index.add_child(instance=KennisbankCategoryPage(title="Categorie"))
    assert download(client, pdf) == 404
    article = add_article(category, "Met bijlage")
    article.body = [("document", {"document": pdf, "label": ""})]
    article.save_revision().publish()
    assert download(client, pdf) == 200


def test_document_in_the_public_collection_is_public(client):
    pdf = make_document("Jaarverslag")
    assert download(client, pdf) == 404
    pdf.collection = public_collection()
    pdf.save()
    assert Collection.objects.filter(name=PUBLIC_COLLECTION_NAME).count() == 1
    assert download(client, pdf) == 200


def test_editors_can_download_private_documents(client, users):
    internal = make_document("Interne notitie")
    login_verified(client, users["redacteur"])
    assert download(client, internal) == 200


def test_schoolgebruiker_cannot_download_private_documents(client, users):
    internal = make_document("Interne notitie")
    login_verified(client, users["school_a"])
    assert download(client, internal) == 404


def test_formulierbeheerder_reads_only_the_form_documents(client, users):
    """Choosing documents is not reading them: a formulierbeheerder downloads the
    private documents of the "Formulieren" collection they keep, nothing else."""
    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    internal = make_document("Interne notitie")
    template = make_document("Onderbouwingsschema")
    template.collection = Collection.objects.get(name="Formulieren", depth=2)
    template.save()
    login_verified(client, users["formulierbeheerder"])
    assert download(client, internal) == 404
    assert download(client, template) == 200


@pytest.mark.parametrize("role", ["beheerder", "consulent", "commissie", "eindredacteur"])
def test_other_staff_cannot_download_private_documents(client, users, role):
    internal = make_document("Interne notitie")
    login_verified(client, users[role])
    assert download(client, internal) == 404
