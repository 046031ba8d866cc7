"""The demo forms work end to end; random answers never cause a server error."""

import os
import string

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devkit.clients import Wizard, login_verified, pdf
from forms import definition as d
from forms.build import fld, step
from forms.models import FormDraft, FormSubmission

LEERLING = {
    "leerling__naam": "Sem Jansen",
    "leerling__geboortedatum": "2016-09-01",
    "leerling__groep": "4",
}


def test_top_arrangement(client, school_user, demo_forms, handed_off):

    login_verified(client, school_user)
    w = Wizard(client, demo_forms["top-arrangement"])
    w.start()
    assert "Stap 1 van 6" in w.current().content.decode()
    w.post(
        "stap1",
        {
            **LEERLING,
            "contactpersoon": "A. Intern",
            "functie": "Intern begeleider",
            "contact_email": "ib@school.example",
        },
    )
    stappen = dict.fromkeys(
        ("stap1_basisbekostiging", "stap2_lumpsum", "stap3_natura", "stap4_hybride", "stap5_oza"),
        "on",
    )
    refused = w.post("stap2", {**stappen, "wettelijk_kader": "Jeugdwet"})
    assert refused.status_code == 200
    assert "Een TOP-arrangement is dan niet mogelijk." in refused.content.decode()
    assert (
        w.post("stap2", {**stappen, "wettelijk_kader": "Wet passend onderwijs"}).status_code == 302
    )
    vragen = {
        name: f"Antwoord op {name}."
        for name in (
            "omgeving",
            "perspectief",
            "leerkracht",
            "samenwerking",
            "team",
            "medeleerlingen",
            "duurzaam",
        )
    }
    assert w.post("stap3", vragen).status_code == 302
    budget = {
        "startdatum": "2027-01-10",
        "uren": "100",
        "uurtarief": "80,01",
        "bestuur_akkoord": "on",
        "orthopedagoog_email": "orthopedagoog@example.org",
        "bestuur_email": "bestuur@example.org",
    }
    response = w.post("stap4", budget)
    assert "maximaal € 80,00 per uur" in response.content.decode()
    response = w.post("stap4", {**budget, "uren": "400", "uurtarief": "80"})
    assert "hoger dan het maximum voor een TOP-arrangement" in response.content.decode()
    assert w.post("stap4", {**budget, "uren": "120", "uurtarief": "75"}).status_code == 302
    response = w.post(
        "stap5",
        {},
        files={
            "opp": [pdf("opp.pdf"), pdf("evaluatie.pdf")],
            "oza_formulier": pdf("oza.pdf"),
            "onderbouwingsschema": pdf("schema.pdf"),
        },
    )
    assert response.status_code == 302, response.content.decode()
    summary = w.current().content.decode()
    assert "€ 9.000,00" in summary and "€ 4.500,00" in summary
    w.submit()
    submission = FormSubmission.objects.get()
    assert submission.handoff == "top_arrangement"
    assert submission.answers["totaal"] == "9000.00"
    assert submission.answers["aandeel_bestuur"] == "4500.00"
    assert submission.answers["aandeel_swv"] == "4500.00"
    assert sorted(f.field_name for f in submission.files.all()) == [
        "onderbouwingsschema",
        "opp",
        "opp",
        "oza_formulier",
    ]
    assert handed_off == [submission]


def test_tlv_category_two_needs_justification_and_start_date(client, school_user, demo_forms):
    login_verified(client, school_user)
    w = Wizard(client, demo_forms["tlv"])
    w.start()
    response = w.post("stap1", {**LEERLING, "startdatum": "2026-07-31"})
    assert "De ondersteuning moet op of na 1 augustus 2026 beginnen." in response.content.decode()
    assert w.post("stap1", {**LEERLING, "startdatum": "2026-08-01"}).status_code == 302
    data = {"categorie": "Categorie 2 (midden)", "ouders_geinformeerd": "on"}
    response = w.post("stap2", data, files={"opp": pdf()})
    assert response.status_code == 200
    assert "onderbouwing_categorie_error" in response.content.decode()
    response = w.post("stap2", {**data, "onderbouwing_categorie": "Omdat."})
    assert response.status_code == 302


def test_besluit_form_is_closed(client, school_user, demo_forms):
    login_verified(client, school_user)
    page = demo_forms["besluit-module"]
    response = client.get(page.url)
    assert "gesloten sinds woensdag 1 juli 2026" in response.content.decode()
    assert client.post(page.url, {"start": "1"}).status_code == 403


def test_form_index_lists_forms(client, demo_forms, school_user):
    # The list follows the forms' rule: log in as a school user first.
    assert client.get("/loket/aanvragen/nieuw/")["Location"].startswith("/account/inloggen/")
    login_verified(client, school_user)
    response = client.get("/loket/aanvragen/nieuw/")
    assert response.status_code == 200
    assert "TOP-arrangement aanvragen" in response.content.decode()
    assert client.post("/loket/aanvragen/nieuw/").status_code == 405
    assert client.get("/loket/aanvragen/nieuw/bestaat-niet/").status_code == 404
    assert client.get("/loket/iets-anders/").status_code == 404


# --- property-based: random answers never produce a server error --------------------

text = st.text(alphabet=string.printable + "éëïöü€", max_size=60)
value = st.one_of(
    text,
    st.sampled_from(
        [
            "",
            "ja",
            "nee",
            "on",
            "80",
            "80,01",
            "1e9",
            "-5",
            "2026-08-01",
            "31-12-2026",
            "Categorie 2 (midden)",
            "Jeugdwet",
            "x" * 6000,
        ]
    ),
    st.decimals(allow_nan=False, allow_infinity=False, places=2).map(str),
)


@pytest.mark.parametrize("slug", ["top-arrangement", "tlv"])
def test_random_answers_never_cause_a_server_error(client, school_user, demo_forms, slug):
    login_verified(client, school_user)
    page = demo_forms[slug]
    Wizard(client, page).start()
    draft = FormDraft.objects.get(page=page)
    definition = draft.form_page().definition()
    keys = [s.key for s in definition.steps]
    file_fields = {
        s.key: [f.name for f in s.value_fields() if f.type == d.FILE] for s in definition.steps
    }
    names = {
        s.key: [
            n
            for f in s.value_fields()
            for n in (
                [f"{f.name}__naam", f"{f.name}__geboortedatum", f"{f.name}__groep"]
                if f.type == "leerling"
                else [f.name]
            )
        ]
        for s in definition.steps
    }

    @settings(
        max_examples=30, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    @given(data=st.data())
    def run(data):
        step_key = data.draw(st.sampled_from([*keys, "overzicht", "stap99"]))
        payload = {"loketformulier-current_step": step_key, "draft_key": str(draft.key)}
        for name in names.get(step_key, []):
            if data.draw(st.booleans()):
                payload[f"{step_key}-{name}"] = data.draw(value)
        for name in file_fields.get(step_key, []):
            if data.draw(st.booleans()):
                content = data.draw(
                    st.sampled_from([b"%PDF-1.4\n", b"", b"PK\x03\x04"])
                ) + data.draw(st.binary(max_size=300))
                # Names with nothing left after the last "/" ("", "/", "a/..") cannot be
                # sent: Django's own test upload refuses them, and a browser's are
                # dropped by the multipart parser before any view sees them.
                filename = data.draw(st.text(max_size=30).filter(_sendable))
                payload[f"{step_key}-{name}"] = SimpleUploadedFile(filename, content)
        if data.draw(st.booleans()):
            payload["wizard_goto_step"] = data.draw(
                st.sampled_from([*keys, "", "overzicht", "onzin"])
            )
        response = client.post(page.url, payload)
        assert response.status_code < 500
        assert (
            client.get(page.url + "?stap=" + data.draw(st.sampled_from([*keys, "x"]))).status_code
            < 500
        )

    run()


# --- query count of a wizard step -------------------------------------------------


def many_fields(n):
    types = [d.SHORT_TEXT, d.NUMBER, d.AMOUNT, d.DATE, d.YES_NO]
    fields = []
    for i in range(n):
        t = types[i % len(types)]
        options = {"max_length": 100} if t == d.SHORT_TEXT else {}
        fields.append(fld(t, f"veld{i}", f"Veld {i}", required=False, **options))
    return [
        step("Veel velden", fields),
        step("Tweede", [fld(d.SHORT_TEXT, "einde", "Einde", required=False)]),
    ]


QUERY_BOUND = 30  # session, user, 2FA device, site, page route, roles, draft, revision, files, ...


def step_query_counts(client, page, n):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    w = Wizard(client, page)
    w.start()
    w.current()  # the first visit stores the current step
    with CaptureQueriesContext(connection) as get_queries:
        assert w.current().status_code == 200
    with CaptureQueriesContext(connection) as post_queries:
        assert w.post("stap1", {f"veld{i}": "" for i in range(n)}).status_code == 302
    return len(get_queries), len(post_queries)


def test_wizard_step_query_count_does_not_grow_with_fields(client, school_user, make_form):
    login_verified(client, school_user)
    small = step_query_counts(client, make_form(many_fields(5), slug="vijf"), 5)
    large = step_query_counts(client, make_form(many_fields(50), slug="vijftig"), 50)
    assert small == large
    assert max(large) <= QUERY_BOUND


def _sendable(name):
    return os.path.basename(name) not in {"", ".", ".."}
