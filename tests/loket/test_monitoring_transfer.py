"""Monitoring after an overdracht: a transferred dossier is counted once (at the school
that submitted it), and an external organisation such as CLEO is never a school."""

import datetime

import pytest
from django.utils import timezone

from devkit.clients import login_verified
from loket.dossiers import archive, transfer
from loket.models import Aanvraag, Leerling, Thuiszitter
from loket.privacy.monitoring import figures as monitoring
from loket.privacy.retention.removal import remove_dossier
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db
URL = "/admin/monitoring/"
BIRTH = datetime.date(2015, 3, 4)


def _decided_dossiers(school, user, count):
    """``count`` pupils of ``school``, each with one decided aanvraag, archived."""
    dossiers = []
    for index in range(count):
        aanvraag = make_aanvraag(school, user, naam=f"Kind {index}", files=[])
        Aanvraag.objects.filter(pk=aanvraag.pk).update(
            status=Aanvraag.Status.BESLOTEN,
            submitted_at=timezone.now() - datetime.timedelta(days=30 + index),
            decided_at=timezone.now() - datetime.timedelta(days=20),
        )
        dossiers.append(archive.archive_dossier(aanvraag.dossier, user))
    return dossiers


def _transfer(dossier, sender, receiver_org, receiver_user):
    receiver_org.licence_name = f"LIC{receiver_org.pk}"
    receiver_org.save()
    overdracht = transfer.prepare(
        dossier,
        sender,
        receiver_text=receiver_org.licence_name,
        consent_date=timezone.localdate(),
        consent_how="Schriftelijk.",
    )
    return transfer.accept(
        overdracht, receiver_user, geboortedatum=BIRTH, schooljaar="2026-2027", groep="7"
    )


@pytest.fixture
def transferred(loket_users, school_a, school_b, cleo):
    """Six dossiers at School A: five go on to School B, one to CLEO."""
    dossiers = _decided_dossiers(school_a, loket_users["school_a"], 6)
    for dossier in dossiers[:5]:
        _transfer(dossier, loket_users["school_a"], school_b, loket_users["school_b"])
    _transfer(dossiers[5], loket_users["school_a"], cleo, loket_users["externe"])
    return dossiers


def _tables(client, user):
    login_verified(client, user)
    response = client.get(URL)
    assert response.status_code == 200
    return response, {str(label): dict(rows) for label, rows in response.context["tables"]}


def test_a_transferred_dossier_is_counted_once_at_the_school_that_submitted_it(
    client, loket_users, transferred
):
    # Before: 12 rows (6 at School A, 5 copies at School B, 1 at CLEO), all counted.
    assert Aanvraag.objects.count() == 12
    response, tables = _tables(client, loket_users["commissie"])
    assert response.context["total"] == 6
    assert tables["Per school"] == {"School A": 6}
    assert tables["Per status"]["Besloten"] == 6
    assert response.context["times"][0][:2] == ("Alle soorten", 6)


def test_a_pupil_who_comes_back_is_still_one_aanvraag(loket_users, school_a, school_b):
    """A → B → A: the second copy lands in A's own dossier, beside the original."""
    (dossier,) = _decided_dossiers(school_a, loket_users["school_a"], 1)
    at_b = _transfer(dossier, loket_users["school_a"], school_b, loket_users["school_b"])
    archive.archive_dossier(at_b, loket_users["school_b"])
    back = _transfer(at_b, loket_users["school_b"], school_a, loket_users["school_a"])
    assert back.pk == dossier.pk and Aanvraag.objects.count() == 3
    assert list(monitoring.counted_aanvragen()) == [dossier.aanvragen.order_by("pk").first()]


@pytest.mark.parametrize("action", ["anonimiseren", "verwijderen"])
def test_retention_of_the_original_keeps_it_at_one(loket_users, school_a, school_b, action):
    """Anonymised, the original stays (and counts); deleted, the copy is the one left."""
    (dossier,) = _decided_dossiers(school_a, loket_users["school_a"], 1)
    original = dossier.aanvragen.get()
    new = _transfer(dossier, loket_users["school_a"], school_b, loket_users["school_b"])
    remove_dossier(dossier, action)
    counted = list(monitoring.counted_aanvragen())
    assert len(counted) == 1
    assert counted[0].pk == (original.pk if action == "anonimiseren" else new.aanvragen.get().pk)


def test_an_external_organisation_is_never_listed_as_a_school(client, loket_users, school_a, cleo):
    # Aanvragen (and pupils at home) hanging on CLEO, however they got there.
    for index in range(6):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam=f"E {index}", files=[])
        Aanvraag.objects.filter(pk=aanvraag.pk).update(school=cleo)
        leerling = Leerling.objects.create(naam=f"Thuis {index}", geboortedatum=BIRTH, school=cleo)
        Thuiszitter.objects.create(
            leerling=leerling,
            vanaf=timezone.localdate() - datetime.timedelta(days=3),
            reden=Thuiszitter.Reden.values[0],
        )
    response, tables = _tables(client, loket_users["beheerder"])
    body = response.content.decode()
    for table in ("Per school", "Thuiszitters per school"):
        assert "CLEO" not in tables[table]
        assert tables[table]["Geen school (externe organisatie)"] == 6
    assert "CLEO" not in body
    # The legend says what "< 5" and "verborgen" mean.
    assert "<dt>&lt; 5</dt>" in body and "<dt>verborgen</dt>" in body
    assert "niet kunt uitrekenen" in body
