"""Grant services: guardian rows stay in step with the grants; dates are checked
without waiting for the expiry task; organisation grants follow memberships."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Membership, Role
from loket.models import LogEntry
from permissions import grants, policy
from permissions.models import (
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    InzageGrant,
    one_year_ahead,
    school_year_end,
)
from permissions.tasks import expire_grants_task
from tests.permissions.conftest import give, move_into_past

D = datetime.date


def sees(user, dossier):
    return policy.dossiers_granted_to(user).filter(pk=dossier.pk).exists()


def user_rows(user, dossier):
    return DossierUserObjectPermission.objects.filter(user=user, content_object=dossier).count()


def test_school_year_end_and_one_year_ahead():
    assert school_year_end(D(2026, 3, 1)) == D(2026, 7, 31)
    assert school_year_end(D(2026, 7, 31)) == D(2026, 7, 31)
    assert school_year_end(D(2026, 8, 1)) == D(2027, 7, 31)
    assert one_year_ahead(D(2028, 2, 29)) == D(2029, 2, 28)


def test_grant_creates_direct_fk_guardian_row_and_access(loket_users, dossier_a):
    externe = loket_users["externe"]
    assert not sees(externe, dossier_a)
    grant = give(dossier_a, loket_users["school_a"], user=externe)
    assert grant.ends_on == school_year_end()
    assert user_rows(externe, dossier_a) == 1
    assert externe.has_perm("loket.view_dossier", dossier_a)  # guardian's own check agrees
    assert sees(externe, dossier_a)
    assert policy.can_view_dossier(externe, dossier_a)
    # Grants are read access only: the school's pages leave them out.
    assert not policy.dossiers_visible_to(externe, with_grants=False).exists()
    assert LogEntry.objects.filter(
        dossier_id=dossier_a.pk, action=LogEntry.Action.INZAGE_VERLEEND
    ).exists()


def test_revoke_removes_the_row_at_once(loket_users, dossier_a):
    externe = loket_users["externe"]
    grant = give(dossier_a, loket_users["school_a"], user=externe)
    grants.revoke_grant(grant, loket_users["school_a"])
    grant.refresh_from_db()
    assert grant.revoked_at and grant.revoked_by == loket_users["school_a"]
    assert user_rows(externe, dossier_a) == 0
    assert not sees(externe, dossier_a)
    with pytest.raises(ValidationError, match="al ingetrokken"):
        grants.revoke_grant(grant, loket_users["school_a"])
    entry = LogEntry.objects.filter(action=LogEntry.Action.INZAGE_INGETROKKEN).get()
    assert entry.dossier_id == dossier_a.pk and entry.actor == "ib@a.example"


def test_overlapping_grants_do_not_take_each_other_away(loket_users, dossier_a, cleo):
    externe, school = loket_users["externe"], loket_users["school_a"]
    direct = give(dossier_a, school, user=externe)
    via_org = give(dossier_a, school, organisation=cleo)
    grants.revoke_grant(direct, school)
    assert sees(externe, dossier_a)  # still through the organisation
    grants.revoke_grant(via_org, school)
    assert not sees(externe, dossier_a)
    assert DossierGroupObjectPermission.objects.count() == 0


def test_an_expired_grant_gives_nothing_before_the_task_ran(loket_users, dossier_a):
    externe = loket_users["externe"]
    grant = move_into_past(give(dossier_a, loket_users["school_a"], user=externe))
    assert user_rows(externe, dossier_a) == 1  # guardian still says yes...
    assert externe.has_perm("loket.view_dossier", dossier_a)
    assert not sees(externe, dossier_a)  # ...the dates say no
    assert grant.state() == "verlopen"


def test_a_grant_that_has_not_started_gives_nothing_yet(loket_users, dossier_a):
    externe = loket_users["externe"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    grant = give(dossier_a, loket_users["school_a"], user=externe, starts_on=tomorrow)
    assert grant.state() == "gepland" and not sees(externe, dossier_a)
    assert policy.dossiers_granted_to(externe, today=tomorrow).filter(pk=dossier_a.pk).exists()


def test_expiry_task_and_command_close_grants_and_remove_rows(loket_users, dossier_a, cleo):
    externe, school = loket_users["externe"], loket_users["school_a"]
    to_user = move_into_past(give(dossier_a, school, user=externe))
    to_org = move_into_past(give(dossier_a, school, organisation=cleo))
    give(dossier_a, school, user=externe)  # a new grant after the old one ended is allowed
    with pytest.raises(ValidationError, match="al inzage"):
        give(dossier_a, school, user=externe)  # but not two at once
    result = expire_grants_task.enqueue()
    assert result.return_value == 2
    for grant in (to_user, to_org):
        grant.refresh_from_db()
        assert grant.expired_at is not None
    assert user_rows(externe, dossier_a) == 1  # the current grant keeps its row
    assert DossierGroupObjectPermission.objects.count() == 0
    assert (
        LogEntry.objects.filter(action=LogEntry.Action.INZAGE_VERLOPEN, role="systeem").count() == 2
    )
    # Idempotent, also as a management command.
    from io import StringIO

    out = StringIO()
    call_command("expire_grants", stdout=out)
    assert "0 verlopen" in out.getvalue()
    call_command("expire_grants", "--enqueue", stdout=out)
    assert "Taak klaargezet" in out.getvalue()


def test_end_grant_brings_the_end_date_forward(loket_users, dossier_a):
    externe, school = loket_users["externe"], loket_users["school_a"]
    grant = give(dossier_a, school, user=externe)
    today = timezone.localdate()
    with pytest.raises(ValidationError):
        grants.end_grant(grant, school, grant.ends_on + datetime.timedelta(days=1))
    grants.end_grant(grant, school, today)
    grant.refresh_from_db()
    assert grant.ends_on == today and sees(externe, dossier_a)
    assert LogEntry.objects.filter(action=LogEntry.Action.INZAGE_BEEINDIGD).exists()


def test_organisation_grant_follows_memberships(loket_users, dossier_a, cleo, make_user):
    school = loket_users["school_a"]
    member = loket_users["externe"]
    give(dossier_a, school, organisation=cleo)
    group = grants.organisation_group(cleo)
    assert DossierGroupObjectPermission.objects.filter(
        group=group, content_object=dossier_a
    ).exists()
    assert member.groups.filter(pk=group.pk).exists() and sees(member, dossier_a)
    newcomer = make_user(Role.EXTERNE, cleo, email="nieuw@cleo.example")
    assert sees(newcomer, dossier_a)
    Membership.objects.filter(user=member, organisation=cleo).delete()
    member = member.__class__.objects.get(pk=member.pk)
    assert not member.groups.filter(pk=group.pk).exists()
    assert not sees(member, dossier_a)


def test_global_permissions_never_widen_what_an_externe_sees(loket_users, dossier_a, school_b):
    from tests.loket.helpers import make_aanvraag

    other = make_aanvraag(school_b, loket_users["school_b"], naam="Andere Leerling")
    externe = loket_users["externe"]
    externe.user_permissions.add(
        Permission.objects.get(content_type__app_label="loket", codename="view_dossier")
    )
    externe = externe.__class__.objects.get(pk=externe.pk)
    assert externe.has_perm("loket.view_dossier")  # a global permission...
    give(dossier_a, loket_users["school_a"], user=externe)
    visible = set(policy.dossiers_visible_to(externe).values_list("pk", flat=True))
    assert visible == {dossier_a.pk}  # ...adds nothing
    assert other.dossier_id not in visible


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"ends_on": "far"}, "ends_on", "hoogstens een jaar"),
        ({"starts_on": "past"}, "starts_on", "verleden"),
        ({"ends_on": "before_start"}, "ends_on", "vóór de begindatum"),
        ({"consent_date": "future"}, "consent_date", "toekomst"),
        ({"legal_basis": "leerling"}, "legal_basis", "nog geen 16"),
        ({"reason": " "}, "reason", "waarom"),
    ],
)
def test_bad_input_gets_a_dutch_message(loket_users, dossier_a, changes, field, message):
    today = timezone.localdate()
    values = {
        "far": one_year_ahead(today) + datetime.timedelta(days=1),
        "past": today - datetime.timedelta(days=1),
        "future": today + datetime.timedelta(days=1),
        "before_start": today + datetime.timedelta(days=5),
    }
    kwargs = {k: values.get(v, v) for k, v in changes.items()}
    if changes.get("ends_on") == "before_start":
        kwargs["starts_on"] = today + datetime.timedelta(days=10)
    with pytest.raises(ValidationError) as info:
        give(dossier_a, loket_users["school_a"], user=loket_users["externe"], **kwargs)
    assert message in " ".join(info.value.message_dict[field])
    assert not InzageGrant.objects.exists() and not DossierUserObjectPermission.objects.exists()


def test_only_registered_externen_can_receive_a_grant(loket_users, dossier_a, school_b):
    with pytest.raises(ValidationError, match="geen externe"):
        give(dossier_a, loket_users["school_a"], user=loket_users["school_b"])
    with pytest.raises(ValidationError, match="externe organisatie"):
        give(dossier_a, loket_users["school_a"], organisation=school_b)


def test_pupil_of_sixteen_may_consent_themself(loket_users, school_a):
    from tests.loket.helpers import make_aanvraag

    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], naam="Oudere Leerling", geboortedatum="2000-01-01"
    )
    grant = give(
        aanvraag.dossier,
        loket_users["school_a"],
        user=loket_users["externe"],
        legal_basis=InzageGrant.LegalBasis.LEERLING,
    )
    assert grant.legal_basis == "leerling"


def test_deactivating_the_organisation_stops_all_its_inzage(loket_users, dossier_a, cleo):
    externe = loket_users["externe"]
    give(dossier_a, loket_users["school_a"], user=externe)
    assert sees(externe, dossier_a)
    cleo.is_active = False
    cleo.save()
    externe = externe.__class__.objects.get(pk=externe.pk)
    assert not sees(externe, dossier_a)


def test_deleting_an_organisation_removes_its_group_and_rows(loket_users, dossier_a, jeugdteam):
    give(dossier_a, loket_users["school_a"], organisation=jeugdteam)
    assert DossierGroupObjectPermission.objects.count() == 1
    pk = jeugdteam.pk
    assert grants.organisation_group(pk, create=False) is not None
    jeugdteam.delete()
    assert DossierGroupObjectPermission.objects.count() == 0
    assert grants.organisation_group(pk, create=False) is None
