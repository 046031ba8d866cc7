"""Every role change made in the admin is in the Beveiligingslog (issue 10)."""

from accounts.models import Membership, Role, SecurityEvent
from devkit.clients import login_verified


def organisation_form(organisation, memberships):
    """The admin's edit form of an organisation with these (pk, user, role) rows."""
    data = {
        "kind": organisation.kind,
        "name": organisation.name,
        "brin": organisation.brin,
        "school_type": organisation.school_type,
        "licence_name": organisation.licence_name,
        "bestuur": organisation.bestuur_id or "",
        "email": organisation.email,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(memberships)),
        "memberships-INITIAL_FORMS": str(sum(1 for pk, *_ in memberships if pk)),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        "consulent_assignments-TOTAL_FORMS": "0",
        "consulent_assignments-INITIAL_FORMS": "0",
        "consulent_assignments-MIN_NUM_FORMS": "0",
        "consulent_assignments-MAX_NUM_FORMS": "1000",
    }
    for index, (pk, user, role, delete) in enumerate(memberships):
        data[f"memberships-{index}-id"] = str(pk or "")
        data[f"memberships-{index}-user"] = str(user.pk)
        data[f"memberships-{index}-role"] = role
        data[f"memberships-{index}-ORDER"] = str(index + 1)
        if delete:
            data[f"memberships-{index}-DELETE"] = "1"
    return data


def test_role_added_changed_and_removed_are_logged_with_the_beheerder(client, users, swv):
    beheerder = users["beheerder"]
    login_verified(client, beheerder)
    url = f"/admin/snippets/accounts/organisation/edit/{swv.pk}/"
    existing = [(m.pk, m.user, m.role, False) for m in Membership.objects.filter(organisation=swv)]
    newcomer = users["school_b"].__class__.objects.create_user(email="nieuw@swv.example")

    added = client.post(
        url, organisation_form(swv, [*existing, (None, newcomer, "redacteur", False)])
    )
    assert added.status_code == 302, added.content.decode()[:2000]
    event = SecurityEvent.objects.get(user=newcomer, kind=SecurityEvent.Kind.ROLE_ADDED)
    assert event.actor == beheerder
    assert event.detail == "Redacteur bij SWV Test"

    membership = Membership.objects.get(user=newcomer)
    rows = [*existing, (membership.pk, newcomer, Role.BEHEERDER, False)]
    assert client.post(url, organisation_form(swv, rows)).status_code == 302
    changed = SecurityEvent.objects.get(user=newcomer, kind=SecurityEvent.Kind.ROLE_CHANGED)
    assert changed.detail == "Redacteur → Beheerder bij SWV Test"
    assert changed.actor == beheerder

    rows = [*existing, (membership.pk, newcomer, Role.BEHEERDER, True)]
    assert client.post(url, organisation_form(swv, rows)).status_code == 302
    assert not Membership.objects.filter(user=newcomer).exists()
    removed = SecurityEvent.objects.get(user=newcomer, kind=SecurityEvent.Kind.ROLE_REMOVED)
    assert removed.detail == "Beheerder bij SWV Test" and removed.actor == beheerder
    # Nothing logged for the unchanged memberships.
    assert not SecurityEvent.objects.exclude(user=newcomer).exists()
    # The Beveiligingslog lists them.
    log = client.get("/admin/snippets/accounts/securityevent/").content.decode()
    assert "Rol gewijzigd" in log and "Redacteur → Beheerder bij SWV Test" in log


def test_new_organisation_with_members_logs_each_role(client, users, school_a):
    login_verified(client, users["beheerder"])
    target = users["school_b"]
    from accounts.models import Organisation

    blank = Organisation(kind="extern", name="Nieuw Jeugdteam")
    data = organisation_form(blank, [(None, target, "externe", False)])
    assert client.post("/admin/snippets/accounts/organisation/add/", data).status_code == 302
    event = SecurityEvent.objects.get(user=target)
    assert event.kind == SecurityEvent.Kind.ROLE_ADDED
    assert event.detail == "Externe bij Nieuw Jeugdteam"


def test_deleting_an_organisation_logs_the_removed_roles(client, users, cleo):
    login_verified(client, users["beheerder"])
    externe = users["externe"]
    response = client.post(f"/admin/snippets/accounts/organisation/delete/{cleo.pk}/")
    assert response.status_code == 302
    event = SecurityEvent.objects.get(user=externe, kind=SecurityEvent.Kind.ROLE_REMOVED)
    assert event.detail == "Externe bij CLEO" and event.actor == users["beheerder"]
