"""Rectificatie (AVG art. 16, issue 31): the school corrects a pupil's data.

The logboek says who corrected which fields, never the old or new values; a
correction that makes the pupil another pupil of the school is refused and points
to merging.
"""

import datetime

import pytest

from devkit.clients import login_verified
from loket.leerlingen import services
from loket.models import Leerling, LogEntry
from loket.names import name_key
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Sanne Testleerling")
    pupil = aanvraag.dossier.leerling
    Leerling.objects.filter(pk=pupil.pk).update(leerlingnummer="1001")
    pupil.refresh_from_db()
    return pupil


def url(pupil):
    return f"/loket/leerlingen/{pupil.pk}/corrigeren/"


def form_data(pupil, **changes):
    data = {
        "naam": pupil.naam,
        "geboortedatum": pupil.geboortedatum.isoformat(),
        "leerlingnummer": pupil.leerlingnummer,
        "groep": pupil.groep,
    }
    data.update(changes)
    return data


def corrections():
    return LogEntry.objects.filter(action=LogEntry.Action.LEERLING_GECORRIGEERD)


def test_a_correction_is_saved_and_logged_by_field_name_only(client, loket_users, pupil):
    login_verified(client, loket_users["school_a"])
    page = client.get(url(pupil))
    assert page.status_code == 200 and "Sanne Testleerling" in page.content.decode()
    response = client.post(
        url(pupil), form_data(pupil, naam="Sanne Test-Leerling", geboortedatum="2015-04-03")
    )
    assert response.status_code == 302
    pupil.refresh_from_db()
    assert pupil.naam == "Sanne Test-Leerling"
    assert pupil.naam_sleutel == name_key("Sanne Test-Leerling")
    assert pupil.geboortedatum == datetime.date(2015, 4, 3)
    line = corrections().get()
    assert line.dossier_id == pupil.dossiers.get().pk
    assert line.user == loket_users["school_a"] and line.role == "schoolgebruiker"
    assert line.detail == f"leerling {pupil.pk}: geboortedatum, naam"
    written = " ".join(str(value) for value in LogEntry.objects.values_list("detail", "reference"))
    for value in ("Sanne", "Leerling", "2015", "04-03", "03-04"):
        assert value not in written
    # The dossier's logboek shows the line.
    page = client.get(f"/loket/dossiers/{line.dossier_id}/").content.decode()
    assert "Leerlinggegevens gecorrigeerd" in page


def test_nothing_changed_is_not_logged(client, loket_users, pupil):
    login_verified(client, loket_users["school_a"])
    assert client.post(url(pupil), form_data(pupil)).status_code == 302
    assert not corrections().exists()


@pytest.mark.parametrize("clash", ["name_and_birth", "number"])
def test_a_correction_into_another_pupil_is_refused_and_points_to_merging(
    client, loket_users, school_a, pupil, clash
):
    other = Leerling.objects.create(
        naam="Sam Ander", geboortedatum="2014-01-01", school=school_a, leerlingnummer="2002"
    )
    if clash == "name_and_birth":
        data = form_data(pupil, naam="sam  ánder", geboortedatum="2014-01-01")
    else:
        data = form_data(pupil, leerlingnummer="2002")
    login_verified(client, loket_users["school_a"])
    response = client.post(url(pupil), data)
    assert response.status_code == 409
    body = response.content.decode()
    assert "Voeg de twee leerlingen samen" in body
    assert f"/loket/leerlingen/{pupil.pk}/samenvoegen/?met={other.pk}" in body
    pupil.refresh_from_db()
    assert pupil.naam == "Sanne Testleerling" and pupil.leerlingnummer == "1001"
    assert not corrections().exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"geboortedatum": "31-31-2015"}, "Vul een geldige datum in"),
        ({"naam": ""}, "Vul de naam van de leerling in"),
        ({"leerlingnummer": "9" * 31}, "30"),
    ],
)
def test_bad_input_is_a_400_and_saves_nothing(client, loket_users, pupil, changes, message):
    login_verified(client, loket_users["school_a"])
    response = client.post(url(pupil), form_data(pupil, **changes))
    assert response.status_code == 400 and message in response.content.decode()
    assert Leerling.objects.get(pk=pupil.pk).naam == "Sanne Testleerling"
    assert not corrections().exists()


@pytest.mark.parametrize("who", ["school_b", "consulent", "commissie", "externe", "beheerder"])
def test_only_the_pupils_own_school_reaches_the_page(client, loket_users, pupil, who):
    login_verified(client, loket_users[who])
    assert client.get(url(pupil)).status_code == 404
    assert client.post(url(pupil), form_data(pupil, naam="Iemand Anders")).status_code == 404
    assert Leerling.objects.get(pk=pupil.pk).naam == "Sanne Testleerling"


def test_the_service_for_the_avg_register(loket_users, school_a):
    """Called directly (the privacy officer's register will): same rules, same log."""
    pupil = Leerling.objects.create(
        naam="Bo Zonder Dossier", geboortedatum="2016-02-02", school=school_a
    )
    user = loket_users["school_a"]
    assert services.correct_pupil(pupil, user, groep=" 5b ") == ["groep"]
    assert Leerling.objects.get(pk=pupil.pk).groep == "5b"
    line = corrections().get()
    assert line.dossier_id is None and line.detail == f"leerling {pupil.pk}: groep"
    assert services.correct_pupil(pupil, user, groep="5b") == []
    with pytest.raises(TypeError):
        services.correct_pupil(pupil, user, bsn="123456789")
    with pytest.raises(services.ValidationError):
        services.correct_pupil(pupil, user, naam="   ")
