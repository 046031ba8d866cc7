"""Every aanvraag type has a demo form built through the page API, with the windows
of the seeds relative to the demo's year, and each is submitted through HTTP by a
school user and becomes an aanvraag of its type."""

import datetime

import pytest
from django.urls import reverse

from devkit.clients import Wizard, login_verified, pdf
from forms.models import LoketFormPage
from loket.demo import forms as demo_forms
from loket.models import Aanvraag
from loket.types import AanvraagType
from tests.conftest import ensure_site_tree
from tests.loket.helpers import pdf_text

pytestmark = pytest.mark.django_db

LEERLING = {
    "leerling__naam": "Noor Formuliertest",
    "leerling__geboortedatum": "2015-05-05",
    "leerling__groep": "7",
}


def _dates():
    start = demo_forms.school_year_start(datetime.date.today())
    return {
        "start": (start + datetime.timedelta(days=40)).isoformat(),
        "end": (start + datetime.timedelta(days=300)).isoformat(),
        "eval": (start + datetime.timedelta(days=120)).isoformat(),
        "heard": (datetime.date.today() - datetime.timedelta(days=3)).isoformat(),
    }


def _begroting(dt):
    return {
        "startdatum": dt["start"],
        "einddatum": dt["end"],
        "uren": "40",
        "uurtarief": "75",
        "bestuur_akkoord": "on",
        "orthopedagoog_email": "orthopedagoog@example.org",
        "bestuur_email": "bestuur@example.org",
    }


def _steps(slug):
    """(step, data, files) per step of each demo form, filled like a school would."""
    dt = _dates()
    text = "Een antwoord van de school."
    if slug == "top-arrangement":
        stappen = (
            "stap1_basisbekostiging",
            "stap2_lumpsum",
            "stap3_natura",
            "stap4_hybride",
            "stap5_oza",
        )
        vragen = (
            "omgeving",
            "perspectief",
            "leerkracht",
            "samenwerking",
            "team",
            "medeleerlingen",
            "duurzaam",
        )
        return [
            (
                "stap1",
                {
                    **LEERLING,
                    "contactpersoon": "A. Intern",
                    "functie": "Intern begeleider",
                    "contact_email": "ib@school.example",
                },
                {},
            ),
            (
                "stap2",
                {**dict.fromkeys(stappen, "on"), "wettelijk_kader": "Wet passend onderwijs"},
                {},
            ),
            ("stap3", dict.fromkeys(vragen, text), {}),
            (
                "stap4",
                {
                    "startdatum": dt["start"],
                    "uren": "20",
                    "uurtarief": "75",
                    "bestuur_akkoord": "on",
                    "orthopedagoog_email": "orthopedagoog@example.org",
                    "bestuur_email": "bestuur@example.org",
                },
                {},
            ),
            (
                "stap5",
                {},
                {
                    "opp": pdf("opp.pdf"),
                    "oza_formulier": pdf("oza.pdf"),
                    "onderbouwingsschema": pdf("schema.pdf"),
                },
            ),
        ]
    if slug == "tlv":
        return [
            ("stap1", {**LEERLING, "startdatum": dt["start"]}, {}),
            (
                "stap2",
                {"categorie": "Categorie 1 (laag)", "ouders_geinformeerd": "on"},
                {"opp": pdf("opp.pdf")},
            ),
            ("stap3", {"hoorrecht__datum": dt["heard"], "hoorrecht__wijze": "gesprek"}, {}),
        ]
    if slug == "tlv-verlenging":
        return [
            (
                "stap1",
                {
                    **LEERLING,
                    "soort_school": "(V)SO-school",
                    "huidige_categorie": "Categorie 2 (midden)",
                    "huidige_einddatum": dt["start"],
                    "contactpersoon": "B. Begeleider",
                },
                {},
            ),
            (
                "stap2",
                {
                    "categorie": "Categorie 2 (midden)",
                    "onderbouwing_categorie": text,
                    "reden": text,
                    "terugplaatsing": text,
                    "startdatum": dt["start"],
                    "einddatum": dt["end"],
                },
                {},
            ),
            ("stap3", {"ouders_geinformeerd": "on"}, {"opp": pdf("opp.pdf")}),
        ]
    if slug == "schoolarrangement":
        return [
            (
                "stap1",
                {
                    "titel": "Rekenen op maat",
                    "behoefte": text,
                    "aanpak": text,
                    "aantal_leerlingen": "30",
                    "evaluatie": text,
                    "contactpersoon": "C. Coördinator",
                },
                {},
            ),
            ("stap2", _begroting(dt), {}),
            (
                "stap3",
                {},
                {"plan_van_aanpak": pdf("plan.pdf"), "onderbouwingsschema": pdf("schema.pdf")},
            ),
        ]
    if slug == "groepsarrangement":
        return [
            (
                "stap1",
                {
                    "groep": "Groep 5/6",
                    "aantal_leerlingen": "26",
                    "behoeften": text,
                    "aanpak": text,
                    "leerkracht": text,
                    "evaluatie": text,
                    "contactpersoon": "C. Coördinator",
                },
                {},
            ),
            ("stap2", _begroting(dt), {}),
            (
                "stap3",
                {},
                {"groepsplan": pdf("groepsplan.pdf"), "onderbouwingsschema": pdf("schema.pdf")},
            ),
        ]
    if slug == "individueel-arrangement":
        return [
            ("stap1", {**LEERLING, "contactpersoon": "D. Intern"}, {}),
            (
                "stap2",
                {"behoeften": text, "doelen": text, "aanpak": text, "evaluatiedatum": dt["eval"]},
                {},
            ),
            ("stap3", _begroting(dt), {}),
            ("stap4", {}, {"opp": pdf("opp.pdf")}),
        ]
    if slug == "oza-aanvraag":
        return [
            ("stap1", {**LEERLING, "partner": "Wijkteam Noord", "contactpersoon": "E. IB"}, {}),
            (
                "stap2",
                {"misk": demo_forms_misk(), "grijs_gebied": text, "aanpak": text},
                {},
            ),
            (
                "stap3",
                {
                    "startdatum": dt["start"],
                    "einddatum": dt["end"],
                    "evaluatiedatum": dt["eval"],
                    "onderwijsdeel": "3000",
                    "zorgdeel": "2000",
                },
                {},
            ),
            ("stap4", {}, {"oza_formulier": pdf("oza.pdf"), "opp": pdf("opp.pdf")}),
        ]
    raise AssertionError(slug)


def demo_forms_misk():
    from loket.demo.form_oza import MISK_GRIJS

    return MISK_GRIJS


TYPES = {
    "top-arrangement": AanvraagType.TOP_ARRANGEMENT,
    "tlv": AanvraagType.TLV,
    "tlv-verlenging": AanvraagType.TLV_VERLENGING,
    "schoolarrangement": AanvraagType.SCHOOLARRANGEMENT,
    "groepsarrangement": AanvraagType.GROEPSARRANGEMENT,
    "individueel-arrangement": AanvraagType.INDIVIDUEEL_ARRANGEMENT,
    "oza-aanvraag": AanvraagType.OZA,
}


def test_the_demo_builder_makes_a_form_for_every_aanvraag_type():
    ensure_site_tree()
    result = demo_forms.run()
    slugs = {page.slug: page.specific.handoff for page in result["pages"]}
    for slug, aanvraag_type in TYPES.items():
        assert slugs[slug] == aanvraag_type.value
    # Every type but "overig" has its form; all are live.
    assert {t.value for t in TYPES.values()} == set(AanvraagType.values) - {"overig"}
    assert LoketFormPage.objects.live().count() == len(demo_forms.form_specs())
    # Idempotent.
    demo_forms.run()
    assert LoketFormPage.objects.count() == len(demo_forms.form_specs())


def _by_slug(today):
    return {spec["slug"]: spec for spec in demo_forms.form_specs(today)}


@pytest.mark.parametrize(
    ("today", "year"),
    [(datetime.date(2026, 11, 29), 2026), (datetime.date(2028, 3, 14), 2027)],
)
def test_windows_follow_the_demo_year(today, year):
    specs = _by_slug(today)
    june, august = datetime.date(year, 6, 1), datetime.date(year, 8, 1)
    for slug in ("schoolarrangement", "groepsarrangement", "individueel-arrangement"):
        assert specs[slug]["open_from"].date() == june
        assert specs[slug]["support_start_min"] == august
        assert specs[slug]["support_start_field"] == "startdatum"
    # New individual requests until the summer holidays: 17 July inclusive.
    until = specs["individueel-arrangement"]["open_until"]
    assert (until.date(), until.hour) == (datetime.date(year + 1, 7, 18), 0)
    assert "17 juli" in specs["individueel-arrangement"]["intro"]
    assert specs["tlv-verlenging"]["open_from"].date() == august
    assert "open_from" not in specs["oza-aanvraag"]


def test_required_attachments_are_required(client, users, demo_forms):
    login_verified(client, users["school_a"])
    w = Wizard(client, demo_forms["oza-aanvraag"])
    w.start()
    steps = _steps("oza-aanvraag")
    for key, data, files in steps[:-1]:
        assert w.post(key, data, files=files).status_code == 302, key
    response = w.post("stap4", {}, files={"opp": pdf("opp.pdf")})
    assert response.status_code == 200  # the OZA-formulier is missing
    assert "oza_formulier_error" in response.content.decode()


def test_oza_refuses_when_there_is_no_grey_area(client, users, demo_forms):
    from loket.demo.form_oza import MISK_GEEN_GRIJS

    login_verified(client, users["school_a"])
    w = Wizard(client, demo_forms["oza-aanvraag"])
    w.start()
    key, data, files = _steps("oza-aanvraag")[0]
    w.post(key, data, files=files)
    response = w.post("stap2", {"misk": MISK_GEEN_GRIJS, "grijs_gebied": "x", "aanpak": "x"})
    assert response.status_code == 200
    assert "Een OZA-aanvraag bij het SWV is dan niet nodig." in response.content.decode()


@pytest.mark.parametrize("slug", list(TYPES))
def test_each_demo_form_is_submitted_over_http(client, loket_users, school_a, demo_forms, slug):
    if slug == "tlv-verlenging":  # only for (V)SO and external schools
        school_a.school_type = "vso"
        school_a.save(update_fields=["school_type"])
    login_verified(client, loket_users["school_a"])
    w = Wizard(client, demo_forms[slug])
    assert w.start().status_code == 302
    for key, data, files in _steps(slug):
        response = w.post(key, data, files=files)
        assert response.status_code == 302, (key, response.content.decode()[:3000])
    response = w.submit()
    assert response.status_code == 302, response.content.decode()[:3000]
    aanvraag = Aanvraag.objects.get()
    assert aanvraag.type == TYPES[slug]
    assert aanvraag.school == school_a
    assert aanvraag.bijlagen.exists()
    has_pupil = slug not in ("schoolarrangement", "groepsarrangement")
    assert (aanvraag.dossier is not None) == has_pupil
    if has_pupil:
        assert aanvraag.dossier.leerling.naam == "Noor Formuliertest"
    # The school reads it in Mijn loket, and gets the receipt with the form's title,
    # the questions as asked and the checksum of every attachment.
    assert client.get(aanvraag.get_absolute_url()).status_code == 200
    receipt = client.get(
        reverse("loket:document", args=[aanvraag.reference, "ontvangstbevestiging"])
    )
    text = pdf_text(b"".join(receipt.streaming_content))
    assert demo_forms[slug].title in text
    squashed = text.replace(" ", "")
    assert all(b.sha256 in squashed for b in aanvraag.bijlagen.all())
