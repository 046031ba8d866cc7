import datetime

import pytest
from django.utils import timezone

from accounts.models import Role
from devkit.factories import ExternFactory
from loket.lifecycle import services
from permissions import grants
from permissions.models import InzageGrant
from tests.loket import conftest as loket_conftest
from tests.loket.helpers import make_aanvraag

# The loket's fixtures, shared (assigning registers them in this conftest).
_private_storage = loket_conftest._private_storage
loket_users = loket_conftest.loket_users


def give(dossier, by, *, user=None, organisation=None, **kwargs):
    """Create a grant through the service with sensible defaults."""
    today = timezone.localdate()
    values = {
        "reason": "Onderzoek door de externe.",
        "legal_basis": InzageGrant.LegalBasis.OUDERS,
        "consent_date": today - datetime.timedelta(days=3),
        "consent_how": "Schriftelijk, formulier in het leerlingdossier.",
    }
    values.update(kwargs)
    return grants.create_grant(dossier, by, user=user, organisation=organisation, **values)


def move_into_past(grant, days=10):
    """Make a grant's period lie in the past WITHOUT running the expiry task."""
    today = timezone.localdate()
    InzageGrant.objects.filter(pk=grant.pk).update(
        starts_on=today - datetime.timedelta(days=days + 30),
        ends_on=today - datetime.timedelta(days=days),
    )
    grant.refresh_from_db()
    return grant


@pytest.fixture
def aanvraag_a(loket_users, school_a):
    """A decided aanvraag of school A with a file and a terugkoppeling."""
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    services.take_in(aanvraag, loket_users["consulent"])
    services.give_terugkoppeling(aanvraag, loket_users["consulent"], "Toelichting van het SWV.")
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    return aanvraag


@pytest.fixture
def dossier_a(aanvraag_a):
    return aanvraag_a.dossier


@pytest.fixture
def jeugdteam(db):
    return ExternFactory(name="Jeugdteam")


@pytest.fixture
def externen(loket_users, make_user, cleo, jeugdteam):
    """Four externen: three of CLEO (valid / expired / revoked later) and one of another org."""
    return {
        "valid": loket_users["externe"],
        "expired": make_user(Role.EXTERNE, cleo, email="verlopen@cleo.example"),
        "revoked": make_user(Role.EXTERNE, cleo, email="ingetrokken@cleo.example"),
        "other": make_user(Role.EXTERNE, jeugdteam, email="extern@jeugdteam.example"),
    }
