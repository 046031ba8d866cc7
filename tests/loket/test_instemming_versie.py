"""The fingerprint of the version consented to (DESIGN.md: “Consent and co-signing bind
to a SHA-256 of the exact version shown”): frozen when asked, shown to the person,
compared with the current version, and a besluit waits for consent on that one."""

import datetime
import hashlib
import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page

from devkit.clients import login_verified
from loket.instemming import services as instemming
from loket.instemming import versie
from loket.lifecycle import services
from loket.models import Instemming, InstemmingVereist, LogEntry
from loket.school import plan as plan_service
from tests.loket.helpers import PDF, make_aanvraag


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


def test_the_fingerprint_is_the_sha256_of_canonical_json():
    snapshot = {"b": [1, {"z": None, "a": "é"}], "a": "één"}
    expected = '{"a":"één","b":[1,{"a":"é","z":null}]}'
    assert versie.canonical_json(snapshot) == expected
    assert versie.fingerprint(snapshot) == hashlib.sha256(expected.encode()).hexdigest()
    reordered = json.loads(json.dumps({"a": "één", "b": [1, {"a": "é", "z": None}]}))
    assert versie.fingerprint(reordered) == versie.fingerprint(snapshot)


def _register(aanvraag, user, **kwargs):
    return instemming.register_outside(
        aanvraag, user, datum=timezone.localdate(), toelichting="Getekend.", **kwargs
    )


def test_the_record_keeps_the_version_and_its_hash(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    services.give_terugkoppeling(
        aanvraag,
        loket_users["consulent"],
        "Zie bijlage.",
        files=[SimpleUploadedFile("advies-swv.pdf", PDF)],
    )
    record = _register(aanvraag, loket_users["school_a"])
    record.refresh_from_db()  # through the database (jsonb reorders keys)
    assert record.versie_sha256 == versie.fingerprint(record.versie)
    assert len(record.versie_sha256) == 64
    frozen = record.versie
    assert frozen["kenmerk"] == aanvraag.reference
    questions = [q["vraag"] for step in frozen["antwoorden"] for q in step["vragen"]]
    assert "Hoe wordt de omgeving aangepast?" in questions
    # The school's files by name; the SWV's terugkoppeling file is not the request.
    assert [f["naam"] for f in frozen["bestanden"]] == ["opp.pdf"]
    assert versie.state(record, versie.current(aanvraag)) == versie.CURRENT


def test_a_changed_answer_or_a_new_file_makes_earlier_consent_outdated(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    record = _register(aanvraag, loket_users["school_a"])
    aanvraag.answers["omgeving"] = "Een andere aanpak."
    aanvraag.save(update_fields=["answers"])
    assert versie.state(record, versie.current(aanvraag)) == versie.OUTDATED
    again = _register(aanvraag, loket_users["school_a"])
    # An aanvulling with a file (the school's real way to add something) changes it too.
    services.take_in(aanvraag, loket_users["consulent"])
    services.request_aanvulling(aanvraag, loket_users["consulent"], "Stuur de evaluatie.")
    services.add_aanvulling(
        aanvraag,
        loket_users["school_a"],
        "Bijgevoegd.",
        files=[SimpleUploadedFile("evaluatie.pdf", PDF)],
    )
    assert versie.state(again, versie.current(aanvraag)) == versie.OUTDATED


def _requiring_consent(aanvraag):
    page = Page.objects.first()
    aanvraag.form_page = page
    aanvraag.save(update_fields=["form_page"])
    InstemmingVereist.objects.get_or_create(page=page)


def test_consent_for_an_earlier_version_blocks_the_besluit(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    _requiring_consent(aanvraag)
    services.take_in(aanvraag, loket_users["consulent"])
    _register(aanvraag, loket_users["school_a"])
    aanvraag.answers["bedrag"] = 25000
    aanvraag.save(update_fields=["answers"])
    decide = {"uitkomst": "afgewezen", "motivering": "Niet passend."}
    with pytest.raises(services.TransitionError, match="eerdere versie") as blocked:
        services.decide(aanvraag, loket_users["commissie"], **decide)
    assert "vraagt de instemming opnieuw" in blocked.value.message
    # A refusal on the earlier version does not count either way; a new ja does.
    _register(aanvraag, loket_users["school_a"])
    besluit, _warnings = services.decide(aanvraag, loket_users["commissie"], **decide)
    assert besluit.pk


def test_a_refusal_of_the_current_version_still_blocks(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    _requiring_consent(aanvraag)
    services.take_in(aanvraag, loket_users["consulent"])
    _register(aanvraag, loket_users["school_a"])
    _register(aanvraag, loket_users["school_a"], gegeven=False)
    with pytest.raises(services.TransitionError, match="geen instemming gegeven"):
        services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="x")


def test_records_from_before_versions_are_not_outdated(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    _requiring_consent(aanvraag)
    services.take_in(aanvraag, loket_users["consulent"])
    old = Instemming.objects.create(
        aanvraag=aanvraag,
        wijze=Instemming.Wijze.BUITEN,
        status=Instemming.Status.GEGEVEN,
        datum=timezone.localdate(),
        toelichting="Van vóór de versies.",
    )
    assert (old.rol, old.versie_sha256) == ("ouder", "")
    login_verified(client, loket_users["school_a"])
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "versie niet vastgelegd (van vóór deze functie)" in page
    assert "eerdere versie" not in page
    assert (
        client.get(f"{aanvraag.get_absolute_url()}instemming/{old.pk}/versie/").status_code == 404
    )
    besluit, _warnings = services.decide(
        aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Niet passend."
    )
    assert besluit.pk


def test_school_and_swv_see_outdated_consent_on_the_aanvraag_page(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    _requiring_consent(aanvraag)
    record = _register(aanvraag, loket_users["school_a"])
    login_verified(client, loket_users["school_a"])
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "huidige versie" in page and record.versie_sha256[:12] in page
    assert "voor een eerdere versie" not in page
    aanvraag.answers["omgeving"] = "Gewijzigd na de instemming."
    aanvraag.save(update_fields=["answers"])
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "voor een eerdere versie" in page
    assert "telt niet mee voor het besluit" in page
    staff = login_verified(Client(), loket_users["consulent"])
    admin_page = staff.get(reverse("loket_admin:detail", args=[aanvraag.pk]))
    assert admin_page.status_code == 200
    assert "voor een eerdere versie" in admin_page.content.decode()


def test_the_consented_version_can_be_downloaded_and_checked(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    record = _register(aanvraag, loket_users["school_a"])
    aanvraag.answers["omgeving"] = "Gewijzigd na de instemming."
    aanvraag.save(update_fields=["answers"])
    url = f"/loket/aanvragen/{aanvraag.reference}/instemming/{record.pk}/versie/"
    for user in (loket_users["school_a"], loket_users["consulent"], loket_users["commissie"]):
        response = login_verified(Client(), user).get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "text/plain; charset=utf-8"
        assert "Sanne" not in response["Content-Disposition"]
        text = response.content.decode()
        last = text.rsplit("\n", 1)[1]
        assert hashlib.sha256(last.encode()).hexdigest() == record.versie_sha256
        assert record.versie_sha256 in text
        # The frozen version, not the aanvraag as it is now.
        assert "De leerkracht krijgt coaching in de groep." in text
        assert "Gewijzigd na de instemming." not in text
    assert (
        LogEntry.objects.filter(aanvraag=aanvraag, action="download")
        .filter(detail=f"instemming {record.pk}, versie")
        .count()
        == 3
    )
    other = make_aanvraag(school_a, loket_users["school_a"], naam="Andere Leerling")
    wrong_subject = f"/loket/aanvragen/{other.reference}/instemming/{record.pk}/versie/"
    assert login_verified(Client(), loket_users["school_a"]).get(wrong_subject).status_code == 404
    assert login_verified(Client(), loket_users["school_b"]).get(url).status_code == 404


def test_the_parent_sees_the_frozen_version_with_its_fingerprint(
    client, loket_users, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    with django_capture_on_commit_callbacks(execute=True):
        [record] = instemming.request_by_email(
            aanvraag,
            loket_users["school_a"],
            emails=["ouder@thuis.example"],
            onderwerp="Instemming",
            ends_on=timezone.localdate() + datetime.timedelta(days=7),
            bijlagen=list(aanvraag.bijlagen.all()),
        )
    link = re.search(r"(/instemming/[^/\s]+/)", mailoutbox[0].body).group(1)
    aanvraag.answers["omgeving"] = "Gewijzigd na het versturen."
    aanvraag.save(update_fields=["answers"])
    parent = Client()
    parent.post(link)
    code = re.search(r"\b(\d{6})\b", mailoutbox[-1].body).group(1)
    parent.post(link + "code/", {"code": code})
    page = parent.get(link + "antwoord/").content.decode()
    assert "De leerkracht krijgt coaching in de groep." in page
    assert "Gewijzigd na het versturen." not in page
    assert f"<code>{record.versie_sha256[:12]}</code>" in page
    assert record.versie_sha256 in page  # the full one, behind “Volledige vingerafdruk”
    assert "opp.pdf" in page


def test_the_plan_version(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    dossier = aanvraag.dossier
    opp = plan_service.save_plan(dossier, loket_users["school_a"], doelen="Lezen op 1F.")
    record = _register(opp, loket_users["school_a"])
    assert record.versie["doelen"] == "Lezen op 1F."
    login_verified(client, loket_users["school_a"])
    url = f"/loket/dossiers/{dossier.pk}/plan/"
    assert "huidige versie" in client.get(url).content.decode()
    plan_service.save_plan(dossier, loket_users["school_a"], doelen="Lezen op 2F.")
    assert "voor een eerdere versie" in client.get(url).content.decode()
    download = client.get(f"{url}instemming/{record.pk}/versie/")
    assert download.status_code == 200 and "Lezen op 1F." in download.content.decode()
    commissie = login_verified(Client(), loket_users["commissie"])
    assert commissie.get(f"{url}instemming/{record.pk}/versie/").status_code == 404
