"""The access policy: who sees which dossier and aanvraag."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q

from accounts.models import Role
from permissions import policy
from tests.loket.helpers import make_aanvraag


@pytest.fixture
def data(loket_users, school_a, school_b):
    a = make_aanvraag(school_a, loket_users["school_a"], naam="Leerling A")
    b = make_aanvraag(school_b, loket_users["school_b"], naam="Leerling B")
    return a, b


def visible(user):
    return (
        set(policy.dossiers_visible_to(user).values_list("pk", flat=True)),
        set(policy.aanvragen_visible_to(user).values_list("pk", flat=True)),
    )


def test_schoolgebruiker_sees_only_own_school(loket_users, data):
    a, b = data
    assert visible(loket_users["school_a"]) == ({a.dossier_id}, {a.pk})
    assert visible(loket_users["school_b"]) == ({b.dossier_id}, {b.pk})
    assert policy.can_view_dossier(loket_users["school_a"], a.dossier)
    assert not policy.can_view_dossier(loket_users["school_a"], b.dossier)
    assert not policy.can_view_aanvraag(loket_users["school_b"], a)


def test_consulent_sees_assigned_schools_only(loket_users, data, make_user):
    a, b = data
    assert visible(loket_users["consulent"]) == ({a.dossier_id}, {a.pk})
    unassigned = make_user(Role.CONSULENT)
    assert visible(unassigned) == (set(), set())


def test_only_the_commissie_sees_all(loket_users, data):
    a, b = data
    assert visible(loket_users["commissie"]) == ({a.dossier_id, b.dossier_id}, {a.pk, b.pk})
    assert policy.sees_everything(loket_users["commissie"])
    assert not policy.sees_everything(loket_users["beheerder"])


def test_beheerder_sees_no_pupil_data_but_counts(loket_users, data):
    """A functional administrator: no dossier, aanvraag or logboek line, only the
    aggregated figures of the dashboard."""
    from loket import logboek

    beheerder = loket_users["beheerder"]
    assert visible(beheerder) == (set(), set())
    assert not policy.is_swv_staff(beheerder)
    assert not logboek.entries_visible_to(beheerder).exists()
    assert policy.sees_loket_figures(beheerder)
    assert policy.aanvragen_counted_for(beheerder).count() == 2
    # SWV staff count what they may see; others see no figures at all.
    assert policy.aanvragen_counted_for(loket_users["consulent"]).count() == 1
    assert not policy.sees_loket_figures(loket_users["redacteur"])


@pytest.mark.parametrize(
    "role", ["externe", "redacteur", "eindredacteur", "formulierbeheerder", "beheerder"]
)
def test_other_roles_see_nothing(loket_users, data, role):
    assert visible(loket_users[role]) == (set(), set())


def test_anonymous_and_inactive_see_nothing(loket_users, data):
    assert visible(AnonymousUser()) == (set(), set())
    user = loket_users["commissie"]
    user.is_active = False
    assert visible(user) == (set(), set())


def test_school_aanvraag_without_dossier_follows_the_school(loket_users, school_a):
    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], aanvraag_type="schoolarrangement", answers={"x": "y"}
    )
    assert aanvraag.dossier is None
    assert policy.can_view_aanvraag(loket_users["school_a"], aanvraag)
    assert not policy.can_view_aanvraag(loket_users["school_b"], aanvraag)


def test_access_rule_extension_point_widens_for_named_dossiers(loket_users, data):
    a, b = data
    externe = loket_users["externe"]

    def grant_rule(user):
        return Q(pk=a.dossier_id) if user.pk == externe.pk else None

    policy.register_dossier_access_rule(grant_rule)
    try:
        assert visible(externe) == ({a.dossier_id}, {a.pk})
        # A rule for one user changes nothing for another.
        assert visible(loket_users["school_b"]) == ({b.dossier_id}, {b.pk})
    finally:
        policy.unregister_dossier_access_rule(grant_rule)
    assert visible(externe) == (set(), set())
