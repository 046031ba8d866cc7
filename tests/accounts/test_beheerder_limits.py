"""A beheerder manages accounts but cannot make themselves a reader of pupil data:
no pupil-reading role for themselves, no groups or superuser flag on any account."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.models import Membership, Role
from devkit.clients import login_verified

pytestmark = pytest.mark.django_db


def organisation_post(organisation, memberships):
    return nested_form_data(
        {
            "kind": organisation.kind,
            "name": organisation.name,
            "brin": organisation.brin,
            "school_type": organisation.school_type,
            "licence_name": organisation.licence_name,
            "bestuur": organisation.bestuur_id or "",
            "email": organisation.email,
            "is_active": "on" if organisation.is_active else "",
            "memberships": inline_formset(memberships),
            "consulent_assignments": inline_formset([]),
        }
    )


def _existing(organisation):
    return [
        {"id": m.pk, "user": m.user_id, "role": m.role}
        for m in Membership.objects.filter(organisation=organisation).order_by("pk")
    ]


@pytest.fixture
def swv_org(users):
    return users["beheerder"].memberships.get().organisation


@pytest.mark.parametrize("role", [Role.COMMISSIE, Role.CONSULENT])
def test_beheerder_cannot_give_themselves_a_pupil_reading_role(client, users, swv_org, role):
    beheerder = users["beheerder"]
    login_verified(client, beheerder)
    url = f"/admin/snippets/accounts/organisation/edit/{swv_org.pk}/"
    rows = [*_existing(swv_org), {"user": beheerder.pk, "role": role}]
    response = client.post(url, organisation_post(swv_org, rows))
    assert response.status_code == 200
    assert "Je kunt jezelf geen rol geven waarmee je leerlinggegevens ziet" in (
        response.content.decode()
    )
    assert set(beheerder.memberships.values_list("role", flat=True)) == {Role.BEHEERDER}


def test_beheerder_cannot_make_themselves_schoolgebruiker(client, users, school_a):
    beheerder = users["beheerder"]
    login_verified(client, beheerder)
    url = f"/admin/snippets/accounts/organisation/edit/{school_a.pk}/"
    rows = [*_existing(school_a), {"user": beheerder.pk, "role": Role.SCHOOLGEBRUIKER}]
    response = client.post(url, organisation_post(school_a, rows))
    assert response.status_code == 200
    assert not Membership.objects.filter(user=beheerder, organisation=school_a).exists()


def test_beheerder_still_gives_roles_to_others_and_non_pupil_roles_to_themselves(
    client, users, make_user
):
    from devkit.factories import OrganisationFactory, UserFactory

    beheerder = users["beheerder"]
    newcomer = UserFactory(email="nieuw@swv.example")
    other_swv = OrganisationFactory(kind="swv", name="Tweede SWV")
    login_verified(client, beheerder)
    url = f"/admin/snippets/accounts/organisation/edit/{other_swv.pk}/"
    rows = [
        {"user": newcomer.pk, "role": Role.COMMISSIE},
        {"user": beheerder.pk, "role": Role.REDACTEUR},
    ]
    response = client.post(url, organisation_post(other_swv, rows))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Membership.objects.filter(user=newcomer, role=Role.COMMISSIE).exists()
    assert Membership.objects.filter(user=beheerder, role=Role.REDACTEUR).exists()


def test_user_forms_offer_no_groups_and_no_superuser_flag(client, users):
    login_verified(client, users["beheerder"])
    target = users["school_a"]
    for url in (f"/admin/users/edit/{target.pk}/", "/admin/users/add/"):
        html = client.get(url).content.decode()
        assert 'name="is_superuser"' not in html, url
        assert 'name="groups"' not in html, url
    # A crafted POST cannot set them either.
    commissie_group = users["commissie"].groups.get()
    response = client.post(
        f"/admin/users/edit/{target.pk}/",
        {
            "email": target.email,
            "first_name": target.first_name or "Voor",
            "last_name": target.last_name or "Achter",
            "is_active": "on",
            "is_superuser": "on",
            "groups": [commissie_group.pk],
        },
    )
    assert response.status_code in (200, 302)
    target.refresh_from_db()
    assert not target.is_superuser
    assert not target.groups.exists()
