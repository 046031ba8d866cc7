"""A transferred dossier lands on the receiver's own pupil (issue 31, "one pupil, one
dossier"): when school B already has the child in its register, accepting school A's
transfer attaches the dossier to that pupil instead of making a second one, however A
wrote the name. And CLEO receives by its licentienaam, as the transfer form says."""

import datetime

import pytest

from devkit.clients import login_verified
from loket.dossiers import archive
from loket.lifecycle import services
from loket.models import Dossier, Leerling, LogEntry, Overdracht
from loket.names import name_key
from tests.loket.helpers import make_aanvraag
from tests.loket.test_transfer import CommittingClient

pytestmark = pytest.mark.django_db

BORN = datetime.date(2015, 3, 4)


@pytest.fixture
def sent(loket_users, school_a, school_b):
    """School A's archived dossier of "Zoe  de vries", ready for school B."""
    school_user = loket_users["school_a"]
    answers = {"leerling": {"naam": "Zoe  de vries", "geboortedatum": BORN.isoformat()}}
    aanvraag = make_aanvraag(school_a, school_user, answers=answers)
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    archive.archive_dossier(aanvraag.dossier, school_user)
    school_b.licence_name = "SCHOOLB"
    school_b.save()
    sender = login_verified(CommittingClient(), school_user)
    response = sender.post(
        f"/loket/dossiers/{aanvraag.dossier.pk}/overdracht/",
        {"ontvanger": "schoolb", "consent_date": "2026-01-05", "consent_how": "Schriftelijk."},
    )
    assert response.status_code == 302
    return aanvraag


def _accept(user, groep="7"):
    overdracht = Overdracht.objects.get()
    client = login_verified(CommittingClient(), user)
    response = client.post(
        f"/loket/overdrachten/{overdracht.pk}/",
        {"geboortedatum": BORN.isoformat(), "schooljaar": "2026-2027", "groep": groep},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    return Dossier.objects.get(pk=Overdracht.objects.get().new_dossier_id)


def test_the_dossier_hangs_on_the_pupil_school_b_already_has(loket_users, school_b, sent):
    own = Leerling.objects.create(
        school=school_b, naam="Zoë de Vries", geboortedatum=BORN, groep="6", leerlingnummer="77"
    )
    dossier = _accept(loket_users["school_b"])
    pupils = Leerling.objects.filter(school=school_b, naam_sleutel=name_key("Zoë de Vries"))
    assert list(pupils) == [own]
    assert dossier.leerling == own and dossier.school == school_b
    assert {a.dossier.leerling_id for a in dossier.aanvragen.all()} == {own.pk}
    own.refresh_from_db()
    assert own.naam == "Zoë de Vries" and own.groep == "7"  # the register's name stays
    assert dossier.aanvragen.get().besluit.motivering == "Nee."


def test_an_earlier_dossier_of_that_pupil_gets_the_aanvragen_and_opens(loket_users, school_b, sent):
    own = Leerling.objects.create(
        school=school_b,
        naam="Zoë de Vries",
        geboortedatum=BORN,
        vertrokken_op=datetime.date(2025, 7, 1),
    )
    earlier = Dossier.objects.create(
        leerling=own, school=school_b, status=Dossier.Status.GEARCHIVEERD
    )
    dossier = _accept(loket_users["school_b"])
    assert dossier == earlier
    earlier.refresh_from_db()
    own.refresh_from_db()
    assert not earlier.is_archived and own.vertrokken_op is None
    assert earlier.aanvragen.count() == 1
    assert Dossier.objects.filter(school=school_b).count() == 1
    assert LogEntry.objects.filter(
        dossier=earlier, action=LogEntry.Action.HEROPEND, detail="overdracht"
    ).exists()


def _post_accept(user, **extra):
    client = login_verified(CommittingClient(), user)
    data = {"geboortedatum": BORN.isoformat(), "schooljaar": "2026-2027", "groep": "7", **extra}
    return client.post(f"/loket/overdrachten/{Overdracht.objects.get().pk}/", data)


def test_without_the_pupil_in_the_register_the_receiver_gets_a_new_one(loket_users, school_b, sent):
    Leerling.objects.create(school=school_b, naam="Sem Bos", geboortedatum=BORN)
    dossier = _accept(loket_users["school_b"])
    assert dossier.leerling.naam == "Zoe  de vries" and dossier.leerling.geboortedatum == BORN
    assert Leerling.objects.filter(school=school_b).count() == 2


def test_a_near_miss_asks_bedoel_je_and_the_school_picks_its_pupil(loket_users, school_b, sent):
    """Same date of birth, a similar name: the receiver is asked, nothing is made yet."""
    own = Leerling.objects.create(
        school=school_b, naam="Zoey de Vries", geboortedatum=BORN, groep="6", leerlingnummer="77"
    )
    user = loket_users["school_b"]
    asked = _post_accept(user)
    assert asked.status_code == 409
    page = asked.content.decode()
    assert "Bedoel je" in page and "Zoey de Vries" in page and 'value="nieuw"' in page
    assert f'value="{own.pk}"' in page
    assert Overdracht.objects.get().status == Overdracht.Status.KLAARGEZET
    assert Leerling.objects.filter(school=school_b).count() == 1
    assert Overdracht.objects.get().wrong_tries == 0  # the date was right

    done = _post_accept(user, leerling=str(own.pk))
    assert done.status_code == 302
    dossier = Dossier.objects.get(pk=Overdracht.objects.get().new_dossier_id)
    assert dossier.leerling == own
    assert list(Leerling.objects.filter(school=school_b)) == [own]
    own.refresh_from_db()
    assert own.naam == "Zoey de Vries" and own.groep == "7"


def test_a_near_miss_can_be_confirmed_as_a_new_pupil(loket_users, school_b, sent):
    """The same name with another date of birth may be another child: "nieuwe leerling"."""
    Leerling.objects.create(school=school_b, naam="Zoë de Vries", geboortedatum=BORN.replace(day=5))
    user = loket_users["school_b"]
    assert _post_accept(user).status_code == 409
    assert _post_accept(user, leerling="nieuw").status_code == 302
    dossier = Dossier.objects.get(pk=Overdracht.objects.get().new_dossier_id)
    assert dossier.leerling.naam == "Zoe  de vries" and dossier.leerling.geboortedatum == BORN
    assert Leerling.objects.filter(school=school_b).count() == 2


def test_only_an_offered_pupil_can_be_chosen(loket_users, school_a, school_b, sent):
    """A pk that was not offered (another school's pupil, or made up) is a Dutch 400, and
    a wrong date of birth never shows the register's pupils."""
    Leerling.objects.create(school=school_b, naam="Zoey de Vries", geboortedatum=BORN)
    elsewhere = Leerling.objects.create(school=school_a, naam="Zoey de Vries", geboortedatum=BORN)
    user = loket_users["school_b"]
    for choice in (str(elsewhere.pk), "abc", "99999999"):
        refused = _post_accept(user, leerling=choice)
        assert refused.status_code == 400, choice
        assert "Kies een leerling uit de lijst" in refused.content.decode()
    wrong = _post_accept(user, geboortedatum="2015-03-05")
    assert wrong.status_code == 400 and "Zoey" not in wrong.content.decode()
    assert Overdracht.objects.get().status == Overdracht.Status.KLAARGEZET
    assert Leerling.objects.filter(school=school_b).count() == 1


def test_cleo_receives_by_its_licentienaam_tomvonk(loket_users, school_a, cleo):
    """The transfer form's hint: "De licentienaam van CLEO is TOMVONK"."""
    cleo.licence_name = "TOMVONK"
    cleo.full_clean()
    cleo.save()
    school_user = loket_users["school_a"]
    answers = {"leerling": {"naam": "Sem Bos", "geboortedatum": BORN.isoformat()}}
    aanvraag = make_aanvraag(school_a, school_user, answers=answers)
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    archive.archive_dossier(aanvraag.dossier, school_user)
    sender = login_verified(CommittingClient(), school_user)
    response = sender.post(
        f"/loket/dossiers/{aanvraag.dossier.pk}/overdracht/",
        {"ontvanger": "TomVonk", "consent_date": "2026-01-05", "consent_how": "Mondeling."},
    )
    assert response.status_code == 302
    assert Overdracht.objects.get().ontvanger == cleo


def test_an_externe_is_offered_only_pupils_of_dossiers_it_received(loket_users, cleo):
    """CLEO has no register: its "pupils" are those of dossiers transferred to it, and only
    those are offered; a schoolgebruiker of another school is offered nothing there."""
    from loket.dossiers.receiving import candidates_for

    received = Leerling.objects.create(school=cleo, naam="Zoey de Vries", geboortedatum=BORN)
    Dossier.objects.create(leerling=received, school=cleo)
    Leerling.objects.create(school=cleo, naam="Zoë de Vriez", geboortedatum=BORN)  # no dossier
    offered = candidates_for(loket_users["externe"], cleo, "Zoe de vries", BORN)
    assert offered == [received]
    assert candidates_for(loket_users["school_b"], cleo, "Zoe de vries", BORN) == []
