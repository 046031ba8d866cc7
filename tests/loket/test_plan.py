"""Instemming on the dossier's ontwikkelplan. Seed ``kennisbank-artikelen-top-dossier.txt``
(“TOP dossier - instemming”): “Als school is het erg belangrijk de verkregen instemming
op het OPP te kunnen aantonen … Instemming op plan: er wordt een e-mail met een
hyperlink gestuurd naar de persoon/personen die instemming moet(en) geven.”
"""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from devkit.clients import login_verified
from loket.dossiers import archive
from loket.lifecycle import services
from loket.models import Instemming, LogEntry, Ontwikkelplan
from tests.loket.helpers import make_aanvraag
from tests.loket.test_instemming import _body, _code, _link, smtp_sink


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_school_writes_the_plan_and_a_parent_consents_with_a_code(
    client, settings, loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    dossier = aanvraag.dossier
    login_verified(client, loket_users["school_a"])
    assert (
        f"/loket/dossiers/{dossier.pk}/plan/"
        in client.get(f"/loket/dossiers/{dossier.pk}/").content.decode()
    )
    url = f"/loket/dossiers/{dossier.pk}/plan/"
    assert client.get(url).status_code == 200
    assert client.get(url + "instemming/").status_code == 404  # no plan yet
    refused = client.post(url, {"doelen": "  ", "evaluatiedatum": ""})
    assert refused.status_code == 400 and not Ontwikkelplan.objects.exists()
    saved = client.post(url, {"doelen": "Technisch lezen naar AVI E5.", "evaluatiedatum": ""})
    assert saved.status_code == 302
    plan = Ontwikkelplan.objects.get(dossier=dossier)
    line = LogEntry.objects.get(dossier_id=dossier.pk, action="plan_bijgewerkt")
    assert "AVI" not in line.detail  # the logboek says that it changed, not what

    with smtp_sink(settings) as sink:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                url + "instemming/",
                {
                    "wijze": "email",
                    "emails": "ouder@thuis.example",
                    "onderwerp": "Instemming met het OPP",
                    "ends_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
                },
            )
        assert response.status_code == 302 and response["Location"].endswith("/plan/#instemming")
        mail = sink.handler.messages[0]
        assert "Geheime" not in mail.as_string() and "AVI" not in mail.as_string()
        link = _link(mail)
        parent = Client()
        assert parent.post(link).status_code == 302
        code = _code(sink.handler.messages[-1])
        assert parent.post(link + "code/", {"code": code}).status_code == 302
        page = parent.get(link + "antwoord/").content.decode()
        assert "Technisch lezen naar AVI E5." in page and "School A" in _body(mail)
        answered = parent.post(link + "antwoord/", {"antwoord": "nee", "zienswijze": "Te weinig."})
        assert answered.status_code == 200

    record = Instemming.objects.get(plan=plan)
    assert record.status == Instemming.Status.GEWEIGERD and record.aanvraag is None
    actions = list(
        LogEntry.objects.filter(dossier_id=dossier.pk, detail__contains="ontwikkelplan")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "instemming_verstuurd",
        "instemming_geopend",
        "instemming_code",
        "instemming_beantwoord",
    ]
    shown = client.get(url).content.decode()
    assert "ouder@thuis.example" in shown and "Te weinig." in shown
    # Plan instemming is not the aanvraag's: the aanvraag page does not list it.
    assert "ouder@thuis.example" not in client.get(aanvraag.get_absolute_url()).content.decode()


def test_plan_is_the_schools_own_and_read_only_once_archived(client, loket_users, school_a):
    school = loket_users["school_a"]
    aanvraag = make_aanvraag(school_a, school)
    dossier = aanvraag.dossier
    url = f"/loket/dossiers/{dossier.pk}/plan/"
    login_verified(client, school)
    client.post(url, {"doelen": "Rekenen.", "evaluatiedatum": "2027-01-15"})
    for who in ("school_b", "consulent", "commissie", "externe", "beheerder"):
        other = login_verified(Client(), loket_users[who])
        assert other.get(url).status_code == 404, who
        assert other.post(url, {"doelen": "Gekaapt."}).status_code == 404, who
        assert other.get(url + "instemming/").status_code == 404, who
    services.withdraw(aanvraag, school)
    archive.archive_dossier(dossier, school)
    page = client.get(url)
    assert page.status_code == 200 and "<form" not in page.content.decode().split("<main")[1]
    assert client.post(url, {"doelen": "Nieuw."}).status_code == 409
    assert Ontwikkelplan.objects.get().doelen == "Rekenen."
    response = client.post(
        url + "instemming/",
        {"wijze": "buiten", "datum": timezone.localdate().isoformat(), "toelichting": "x"},
    )
    assert response.status_code == 409 and not Instemming.objects.exists()
