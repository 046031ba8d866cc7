"""Hoorrecht (issue 26): for a TLV the school records that pupil and parents were heard.

Seed ``nieuwsbrieven-top-dossier.txt``, on what the loketmodule offers: “Het hoorrecht
van de leerling en ouder(s)/verzorger(s) is verwerkt in het systeem.” So the demo TLV
form requires it (date, way, their view if they wish), through the real form over
HTTP; the school's and the SWV's aanvraag page, the logboek and the besluit PDF show it.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from devkit.clients import Wizard, login_verified, pdf
from forms.build import create_form
from loket.demo.forms import form_specs
from loket.lifecycle import documenten, hoorrecht, services
from loket.models import Aanvraag, LogEntry
from tests.loket.helpers import make_aanvraag, pdf_text

pytestmark = pytest.mark.django_db

SEED_RULE = "Het hoorrecht van de leerling en ouder(s)/verzorger(s) is verwerkt in het systeem."
VIEW = "Wij willen dat Noor naar een school dichtbij huis gaat, met een kleine klas."
DAYS_AGO = 6


def _heard():
    return timezone.localdate() - datetime.timedelta(days=DAYS_AGO)


TLV = next(s for s in form_specs() if s["slug"] == "tlv")


@pytest.fixture
def tlv_page(form_index):
    page = create_form(form_index, TLV)
    page.refresh_from_db()
    return page


@pytest.fixture
def wizard(client, loket_users, tlv_page):
    """The demo TLV form, filled in up to the hoorrecht step by the school."""
    login_verified(client, loket_users["school_a"])
    w = Wizard(client, tlv_page)
    assert w.start().status_code == 302
    pupil = {
        "leerling__naam": "Noor Gehoord",
        "leerling__geboortedatum": "2015-04-02",
        "leerling__groep": "7",
        "startdatum": (TLV["support_start_min"] + datetime.timedelta(days=40)).isoformat(),
    }
    assert w.post("stap1", pupil).status_code == 302
    step2 = {"categorie": "Categorie 1 (laag)", "ouders_geinformeerd": "on"}
    assert w.post("stap2", step2, files={"opp": pdf("OPP.pdf")}).status_code == 302
    return w


def test_the_demo_tlv_form_requires_the_hoorrecht(wizard):
    assert "hoorrecht" in SEED_RULE  # the rule this form carries out
    response = wizard.post("stap3", {})
    body = response.content.decode()
    assert response.status_code == 200  # the step again, with the messages
    assert "Vul de datum in waarop leerling en ouders zijn gehoord." in body
    assert "Kies hoe leerling en ouders zijn gehoord." in body
    # The view in their own words is optional: date and way are enough.
    only_date = wizard.post("stap3", {"hoorrecht__datum": _heard().isoformat()})
    assert "Kies hoe leerling en ouders zijn gehoord." in only_date.content.decode()
    assert not Aanvraag.objects.exists()


def test_a_future_date_an_unknown_way_and_a_wrong_date_are_refused_in_dutch(wizard):
    tomorrow = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    response = wizard.post("stap3", {"hoorrecht__datum": tomorrow, "hoorrecht__wijze": "gesprek"})
    assert "Deze datum ligt in de toekomst." in response.content.decode()
    response = wizard.post(
        "stap3", {"hoorrecht__datum": _heard().isoformat(), "hoorrecht__wijze": "per duif"}
    )
    assert "Kies een van de genoemde manieren." in response.content.decode()
    response = wizard.post("stap3", {"hoorrecht__datum": "2026-02-31", "hoorrecht__wijze": "x"})
    assert response.status_code == 200
    assert "Vul een geldige datum in" in response.content.decode()
    assert not Aanvraag.objects.exists()


def test_the_hoorrecht_on_the_pages_in_the_logboek_and_on_the_besluit(
    wizard, client, loket_users, django_capture_on_commit_callbacks
):
    step3 = {
        "hoorrecht__datum": _heard().isoformat(),
        "hoorrecht__wijze": "telefonisch",
        "hoorrecht__zienswijze": VIEW,
    }
    assert wizard.post("stap3", step3).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        assert wizard.submit().status_code == 302
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.answers["hoorrecht"] == {
        "datum": _heard().isoformat(),
        "wijze": "telefonisch",
        "zienswijze": VIEW,
    }
    heard_text = hoorrecht.of(aanvraag).datum_text

    # The school's page: its own section, and the answer among the answers.
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert 'id="hoorrecht"' in page and heard_text in page and "Telefonisch" in page
    assert VIEW in page

    # The logboek: date and way, never the view itself (no free text in the logboek).
    line = LogEntry.objects.get(aanvraag=aanvraag, action=LogEntry.Action.HOORRECHT)
    assert line.detail == f"gehoord op {_heard().isoformat()}, telefonisch, met zienswijze"
    assert line.actor == loket_users["school_a"].email
    assert "Hoorrecht leerling en ouders vastgelegd" in page

    # The SWV's page in the Wagtail admin.
    login_verified(client, loket_users["consulent"])
    admin = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert 'id="hoorrecht"' in admin and heard_text in admin and VIEW in admin

    # The besluit PDF.
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(
        aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Eerst een OPP."
    )
    aanvraag.refresh_from_db()
    text = pdf_text(documenten.render_document(aanvraag, documenten.Kind.BESLUIT))
    assert "Hoorrecht" in text and f"gehoord op {heard_text} (telefonisch)" in text
    assert VIEW in text


def test_a_tlv_without_a_recorded_hoorrecht_says_so(loket_users, school_a, school_client):
    tlv = make_aanvraag(
        school_a, loket_users["school_a"], naam="Sem Ongehoord", aanvraag_type="tlv"
    )
    page = school_client.get(tlv.get_absolute_url()).content.decode()
    assert 'id="hoorrecht"' in page and "Niet vastgelegd" in page
    assert not LogEntry.objects.filter(aanvraag=tlv, action=LogEntry.Action.HOORRECHT).exists()
    top = make_aanvraag(school_a, loket_users["school_a"], naam="Sem Anders")
    assert 'id="hoorrecht"' not in school_client.get(top.get_absolute_url()).content.decode()


# --- the rules of the field, without HTTP ---------------------------------------------


def test_clean_takes_nothing_or_date_and_way():
    field = None  # the rules do not read the field's settings
    assert (
        hoorrecht.clean_hoorrecht(field, {"datum": None, "wijze": "", "zienswijze": " "}, None)
        == {}
    )
    today = timezone.localdate()
    value = {"datum": today, "wijze": "schriftelijk", "zienswijze": "  Eens.  "}
    assert hoorrecht.clean_hoorrecht(field, value, None) == {
        "datum": today,
        "wijze": "schriftelijk",
        "zienswijze": "Eens.",
    }
    with pytest.raises(ValidationError) as error:
        hoorrecht.clean_hoorrecht(field, {"datum": None, "wijze": "", "zienswijze": "Eens."}, None)
    assert set(error.value.message_dict) == {"datum", "wijze"}


def test_a_stored_answer_reads_back_and_a_broken_one_is_none():
    gehoord = hoorrecht.parse({"datum": "2026-03-04", "wijze": "gesprek", "zienswijze": ""})
    assert gehoord.datum_text == "4 maart 2026" and gehoord.wijze_label == "In een gesprek"
    assert hoorrecht.display_hoorrecht(None, {"datum": "2026-03-04", "wijze": "gesprek"}) == (
        "Gehoord op 4 maart 2026, in een gesprek."
    )
    assert hoorrecht.parse({"datum": "gisteren"}) is None and hoorrecht.parse("ja") is None
