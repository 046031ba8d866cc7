"""The pupil field picks from the school's register (issue 31), through the real TLV form.

"Een leerling, een dossier": a school chooses its pupil from the list and only
types a new one when the child is not in it; a typed name that is the register's
pupil however written becomes that pupil; one that looks like a pupil is asked about.
"""

import datetime

import pytest

from devkit.clients import Wizard, login_verified, pdf
from loket.models import Aanvraag, Leerling

pytestmark = pytest.mark.django_db

STEP2 = {"categorie": "Categorie 1 (laag)", "ouders_geinformeerd": "on"}
HEARD = (datetime.date.today() - datetime.timedelta(days=7)).isoformat()
STEP3 = {"hoorrecht__datum": HEARD, "hoorrecht__wijze": "gesprek"}


@pytest.fixture
def zoe(school_a):
    return Leerling.objects.create(
        school=school_a, naam="Zoë de Vries", geboortedatum=datetime.date(2016, 3, 12), groep="5"
    )


@pytest.fixture
def tlv(client, loket_users, demo_forms):
    login_verified(client, loket_users["school_a"])
    wizard = Wizard(client, demo_forms["tlv"])
    assert wizard.start().status_code == 302
    return wizard


def submit(wizard, pupil):
    response = wizard.post("stap1", {**pupil, "startdatum": "2026-08-15"})
    if response.status_code != 302:
        return response
    assert wizard.post("stap2", STEP2, files={"opp": pdf("OPP.pdf")}).status_code == 302
    assert wizard.post("stap3", STEP3).status_code == 302
    return wizard.submit()


def test_the_step_offers_the_schools_current_pupils(tlv, zoe, school_b):
    Leerling.objects.create(school=school_b, naam="Leerling Van B", geboortedatum="2015-01-01")
    left = Leerling.objects.create(
        school=zoe.school, naam="Al Vertrokken", geboortedatum="2014-01-01"
    )
    left.vertrokken_op = datetime.date(2026, 7, 31)
    left.save()
    html = tlv.current().content.decode()
    assert f'<option value="{zoe.pk}">Zoë de Vries (12-03-2016)</option>' in html
    assert "Nieuwe leerling (niet in de lijst)" in html
    assert "Leerling Van B" not in html and "Al Vertrokken" not in html


def test_a_chosen_pupil_is_the_dossiers_pupil(tlv, zoe):
    assert submit(tlv, {"leerling__kies": str(zoe.pk)}).status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.dossier.leerling == zoe
    assert aanvraag.answers["leerling"]["naam"] == "Zoë de Vries"
    assert aanvraag.answers["leerling"]["geboortedatum"] == "2016-03-12"
    assert Leerling.objects.count() == 1


def test_a_typed_name_written_differently_is_the_same_pupil(tlv, zoe):
    typed = {"leerling__naam": "zoe  DE vries", "leerling__geboortedatum": "2016-03-12"}
    assert submit(tlv, {**typed, "leerling__groep": "6"}).status_code == 302
    assert Aanvraag.objects.get().dossier.leerling == zoe
    assert Leerling.objects.count() == 1


def test_a_name_that_looks_like_a_pupil_is_asked_about_first(tlv, zoe):
    typed = {
        "leerling__naam": "Zoë de Vriess",
        "leerling__geboortedatum": "2016-03-12",
        "leerling__groep": "5",
    }
    response = submit(tlv, typed)
    assert response.status_code == 200
    assert "Bedoel je Zoë de Vries (12-03-2016)?" in response.content.decode()
    assert not Leerling.objects.exclude(pk=zoe.pk).exists()
    # "Nieuwe leerling": the school says it is another child.
    assert submit(tlv, {**typed, "leerling__kies": "nieuw"}).status_code == 302
    assert Leerling.objects.count() == 2


def test_another_schools_pupil_cannot_be_chosen(tlv, zoe, school_b):
    other = Leerling.objects.create(
        school=school_b, naam="Leerling Van B", geboortedatum="2015-01-01"
    )
    response = submit(tlv, {"leerling__kies": str(other.pk)})
    assert response.status_code == 200
    assert "Selecteer een geldige keuze" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_nothing_chosen_and_nothing_typed_is_refused(tlv, zoe):
    response = submit(tlv, {"leerling__groep": "5"})
    assert response.status_code == 200
    assert "Kies een leerling uit de lijst, of vul naam en geboortedatum in." in (
        response.content.decode()
    )
