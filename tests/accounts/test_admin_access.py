"""Who reaches the Wagtail admin, and what a redacteur or beheerder can do there."""

import pytest
from django.urls import reverse

from accounts.models import Membership, Role, SecurityEvent
from devkit.clients import login_verified
from devkit.factories import TOTPDeviceFactory
from tests.conftest import ensure_site_tree

ADMIN_ROLES = {
    "consulent",
    "commissie",
    "redacteur",
    "eindredacteur",
    "formulierbeheerder",
    "beheerder",
}


@pytest.mark.parametrize(
    "role",
    [
        "school_a",
        "externe",
        "consulent",
        "commissie",
        "redacteur",
        "eindredacteur",
        "formulierbeheerder",
        "beheerder",
    ],
)
def test_admin_dashboard_per_role(client, users, role):
    login_verified(client, users[role])
    response = client.get("/admin/")
    if role in ADMIN_ROLES:
        assert response.status_code == 200
    else:
        # Wagtail sends people without admin access to the login page, which
        # tells a verified user plainly that they have no access.
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
        denied = client.get(response["Location"])
        assert denied.status_code == 403
        assert "Geen toegang" in denied.content.decode()
        for path in ["/admin/pages/", "/admin/users/", "/admin/snippets/"]:
            assert client.get(path)["Location"].startswith("/account/inloggen/")


def test_redacteur_edits_pages_and_nothing_else(client, users):
    """A redacteur writes in the content sections only: not the home page (its
    permissions would reach the form pages below it) and not the loket's forms."""
    from forms.build import form_index as make_form_index
    from kennisbank.models import KennisbankIndexPage

    home = ensure_site_tree()
    form_index = make_form_index()
    section = home.add_child(instance=KennisbankIndexPage(title="Kennisbank", slug="kb"))
    login_verified(client, users["redacteur"])
    # The explorer opens at the redacteur's own part of the tree.
    assert client.get("/admin/pages/", follow=True).status_code == 200
    assert client.get(f"/admin/pages/{section.pk}/edit/").status_code == 200
    for page in (home, form_index):
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 302 and response["Location"] == "/admin/", page
    for path in [
        "/admin/users/",
        "/admin/groups/",
        "/admin/snippets/accounts/organisation/",
        "/admin/sites/",
        reverse("accounts_reset_two_factor", args=[users["school_a"].pk]),
    ]:
        response = client.get(path)
        # Wagtail answers a missing permission with a redirect to the dashboard.
        assert response.status_code == 302, path
        assert response["Location"] == "/admin/", path


def test_beheerder_manages_organisations_and_users(client, users, school_a):
    login_verified(client, users["beheerder"])
    assert client.get("/admin/users/").status_code == 200
    assert client.get("/admin/snippets/accounts/organisation/").status_code == 200
    edit = client.get(f"/admin/snippets/accounts/organisation/edit/{school_a.pk}/")
    assert edit.status_code == 200
    assert "BRIN-code" in edit.content.decode()


def test_schoolgebruiker_never_reaches_admin_even_with_page_edit_url(client, users):
    login_verified(client, users["school_a"])
    home = ensure_site_tree()
    for response in [
        client.get(f"/admin/pages/{home.pk}/edit/"),
        client.post(f"/admin/pages/{home.pk}/edit/", {"title": "Gekaapt"}),
    ]:
        assert response.status_code == 302
        assert response["Location"].startswith("/account/inloggen/")
    home.refresh_from_db()
    assert home.title != "Gekaapt"


def test_membership_puts_user_in_role_group_and_removal_takes_it_away(users):
    redacteur = users["redacteur"]
    assert list(redacteur.groups.values_list("name", flat=True)) == ["Redacteuren"]
    assert redacteur.has_perm("wagtailadmin.access_admin")
    Membership.objects.filter(user=redacteur).delete()
    redacteur = type(redacteur).objects.get(pk=redacteur.pk)
    assert not redacteur.groups.exists()
    assert not redacteur.has_perm("wagtailadmin.access_admin")
    assert not users["school_a"].groups.exists()
    assert not users["externe"].has_perm("wagtailadmin.access_admin")


def test_beheerder_resets_two_factor_and_it_is_logged(client, users):
    target = users["school_a"]
    TOTPDeviceFactory(user=target)
    login_verified(client, users["beheerder"])
    url = reverse("accounts_reset_two_factor", args=[target.pk])
    assert "opnieuw in" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert not target.totpdevice_set.exists()
    event = SecurityEvent.objects.get(user=target, kind=SecurityEvent.Kind.RESET_BY_ADMIN)
    assert event.kind == SecurityEvent.Kind.RESET_BY_ADMIN
    assert event.actor == users["beheerder"]
    # The user listing offers the reset button.
    assert url in client.get("/admin/users/").content.decode()


def test_redacteur_cannot_reset_two_factor(client, users):
    target = users["school_a"]
    TOTPDeviceFactory(user=target)
    login_verified(client, users["redacteur"])
    response = client.post(reverse("accounts_reset_two_factor", args=[target.pk]))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert target.totpdevice_set.exists()
    assert not SecurityEvent.objects.exists()


def test_membership_role_must_fit_organisation_kind(school_a, users):
    from django.core.exceptions import ValidationError

    wrong = Membership(organisation=school_a, user=users["externe"], role=Role.EXTERNE)
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    assert "hoort bij een organisatie" in str(error.value)


def test_beheerder_creates_school_with_member_and_consulent_in_admin(client, users, school_a):
    from accounts.models import Organisation

    login_verified(client, users["beheerder"])
    new_user = users["school_b"].__class__.objects.create_user(email="nieuw@school.example")
    data = {
        "kind": "school",
        "name": "Basisschool De Nieuwe Weg",
        "brin": "88zz00",
        "school_type": "sbo",
        "licence_name": "De Nieuwe Weg",
        "bestuur": school_a.bestuur_id,
        "email": "",
        "is_active": "on",
        "memberships-TOTAL_FORMS": "1",
        "memberships-INITIAL_FORMS": "0",
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "memberships-0-user": str(new_user.pk),
        "memberships-0-role": "schoolgebruiker",
        "memberships-0-ORDER": "1",
        "consulent_assignments-TOTAL_FORMS": "1",
        "consulent_assignments-INITIAL_FORMS": "0",
        "consulent_assignments-MIN_NUM_FORMS": "0",
        "consulent_assignments-MAX_NUM_FORMS": "1000",
        "consulent_assignments-0-consulent": str(users["consulent"].pk),
        "consulent_assignments-0-ORDER": "1",
    }
    response = client.post("/admin/snippets/accounts/organisation/add/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    school = Organisation.objects.get(name="Basisschool De Nieuwe Weg")
    assert school.brin == "88ZZ00" and school.school_type == "sbo"
    assert list(new_user.schools()) == [school]
    assert list(school.consulent_assignments.values_list("consulent", flat=True)) == [
        users["consulent"].pk
    ]


def test_school_without_brin_is_refused_with_dutch_message(client, users, school_a):
    login_verified(client, users["beheerder"])
    data = {
        "kind": "school",
        "name": "School zonder BRIN",
        "brin": "",
        "bestuur": school_a.bestuur_id,
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
        "consulent_assignments-TOTAL_FORMS": "0",
        "consulent_assignments-INITIAL_FORMS": "0",
    }
    response = client.post("/admin/snippets/accounts/organisation/add/", data)
    # Wagtail's admin re-renders an invalid form (200) with the error at the field.
    assert response.status_code == 200
    assert "Een school heeft een BRIN-code." in response.content.decode()
    from accounts.models import Organisation

    assert not Organisation.objects.filter(name="School zonder BRIN").exists()
