"""A form page limited to schooltypes (issue 31): the demo's TLV-verlenging is for SO,
VSO and external schools only. A BAO school neither sees it nor opens it (a Dutch 403,
as for anyone who may not fill in forms), also not by resuming a draft; a VSO school
does. The engine's rule (``forms.audiences``) is generic; the loket registers one
audience per schooltype."""

import pytest

from accounts.models import Role, SchoolType
from devkit.clients import Wizard, login_verified
from devkit.factories import ExternFactory, MembershipFactory, SchoolFactory
from forms import audiences
from forms.models import FormDraft, FormSubmission, LoketFormPage
from loket.lifecycle.form_setup import school_type_audience
from tests.forms.test_admin import field_block, page_post_data

pytestmark = pytest.mark.django_db

TITLE = "TLV-verlenging aanvragen"
NOT_FOR = "Dit formulier is niet voor jouw school of organisatie."


@pytest.fixture
def verlenging(demo_forms):
    return demo_forms["tlv-verlenging"]


@pytest.fixture
def vso_user(make_user):
    school = SchoolFactory(name="VSO De Brug", school_type=SchoolType.VSO)
    return make_user(Role.SCHOOLGEBRUIKER, school, email="ib@vso.example")


def test_the_demo_form_is_limited_to_so_vso_and_external_schools(verlenging):
    assert verlenging.audiences == ["schooltype-so", "schooltype-vso", "schooltype-extern"]


def test_a_bao_school_neither_sees_nor_starts_the_tlv_verlenging(client, users, verlenging):
    login_verified(client, users["school_a"])  # a BAO school (the factory's default)
    mijn_loket = client.get("/loket/").content.decode()
    assert "TOP-arrangement aanvragen" in mijn_loket and TITLE not in mijn_loket
    listing = client.get("/loket/aanvragen/nieuw/").content.decode()
    assert "TOP-arrangement aanvragen" in listing and TITLE not in listing

    response = client.get(verlenging.url)
    assert response.status_code == 403
    page = response.content.decode()
    assert NOT_FOR in page and "VSO (voortgezet speciaal onderwijs)" in page
    response = Wizard(client, verlenging).start()
    assert response.status_code == 403
    assert not FormDraft.objects.exists()


def test_a_vso_school_sees_and_starts_it(client, vso_user, verlenging):
    login_verified(client, vso_user)
    assert TITLE in client.get("/loket/").content.decode()
    assert TITLE in client.get("/loket/aanvragen/nieuw/").content.decode()
    assert client.get(verlenging.url).status_code == 200
    wizard = Wizard(client, verlenging)
    assert wizard.start().status_code == 302
    draft = FormDraft.objects.get()
    assert draft.organisation == vso_user.schools().get()
    assert client.get(wizard.url).status_code == 200


def test_a_draft_is_not_resumed_once_the_school_is_no_longer_allowed(client, vso_user, verlenging):
    login_verified(client, vso_user)
    wizard = Wizard(client, verlenging)
    wizard.start()
    draft = FormDraft.objects.get()
    school = draft.organisation
    school.school_type = SchoolType.BAO  # corrected by a beheerder
    school.save(update_fields=["school_type"])

    response = client.get(wizard.url)
    assert response.status_code == 403 and NOT_FOR in response.content.decode()
    response = client.post(wizard.url, {"draft_key": str(draft.key)})
    assert response.status_code == 403
    assert wizard.submit().status_code == 403
    assert not FormSubmission.objects.exists()
    assert FormDraft.objects.filter(pk=draft.pk).exists()  # kept, in case it was a mistake


def test_a_user_of_two_schools_starts_only_for_the_allowed_one(client, users, school_a, verlenging):
    so_school = SchoolFactory(name="SO De Zon", school_type=SchoolType.SO)
    MembershipFactory(user=users["school_a"], organisation=so_school, role=Role.SCHOOLGEBRUIKER)
    login_verified(client, users["school_a"])
    page = client.get(verlenging.url).content.decode()
    assert "SO De Zon" in page and school_a.name not in page
    response = Wizard(client, verlenging).start(school=school_a)
    assert response.status_code == 400  # not offered, so "Kies de school ..."
    assert not FormDraft.objects.exists()
    assert Wizard(client, verlenging).start(school=so_school).status_code == 302
    assert FormDraft.objects.get().organisation == so_school


def test_a_form_without_limits_is_for_every_school(client, users, demo_forms):
    assert demo_forms["top-arrangement"].audiences == []
    login_verified(client, users["school_a"])
    assert client.get(demo_forms["top-arrangement"].url).status_code == 200


def test_the_formulierbeheerder_limits_a_form_in_the_editor(client, users, form_index):
    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    login_verified(client, users["formulierbeheerder"])
    add = f"/admin/pages/add/forms/loketformpage/{form_index.pk}/"
    editor = client.get(add).content.decode()
    assert "Alleen voor schooltypen" in editor and "SBO (speciaal basisonderwijs)" in editor
    data = page_post_data(
        "Alleen SO", "alleen-so", [field_block("short_text", "naam", "Naam", max_length=100)]
    )
    data["audiences"] = [school_type_audience("so"), school_type_audience("vso")]
    response = client.post(add, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = LoketFormPage.objects.get(title="Alleen SO")
    assert page.audiences == ["schooltype-so", "schooltype-vso"]
    data["audiences"] = ["iets-anders"]
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 200  # not a registered choice: refused, in Dutch
    assert "Selecteer een geldige keuze" in response.content.decode()


# --- the rule itself ----------------------------------------------------------------


class _Page:
    def __init__(self, keys):
        self.audiences = keys


def test_audiences_rule():
    bao = SchoolFactory.build(school_type=SchoolType.BAO)
    vso = SchoolFactory.build(school_type=SchoolType.VSO)
    cleo = ExternFactory.build()
    limited = _Page([school_type_audience("vso"), school_type_audience("extern")])
    assert audiences.allows(_Page([]), bao) and audiences.allows(_Page(None), cleo)
    assert audiences.allows(limited, vso) and not audiences.allows(limited, bao)
    # "Externe school" is a schooltype, not any external organisation.
    assert not audiences.allows(limited, cleo)
    # A key nobody registers (any more) matches nobody: the form stays closed.
    assert not audiences.allows(_Page(["weg"]), vso)
    assert audiences.allowed(limited, [bao, vso, cleo]) == [vso]
