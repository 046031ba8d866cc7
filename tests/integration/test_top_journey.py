"""The whole journey through HTTP with the real demo forms and the loket:

school A fills in "TOP-arrangement aanvragen" → aanvraag in Mijn loket → consulent
takes it in and asks an aanvulling → school answers with a file → commissie grants →
SWV half booked on the TOP budgets of the calendar years it runs in → school sees the besluit.
Plus: a TLV demo form becomes a TLV aanvraag in the pupil's dossier.
"""

import re
from decimal import Decimal

from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from devkit.clients import PDF_BYTES, Wizard, login_verified, pdf
from forms.models import FormSubmission
from loket.models import Aanvraag, Bijlage, Dossier, TopLedgerEntry

PUPIL = {
    "leerling__naam": "Noor Kwartelveld",
    "leerling__geboortedatum": "2016-09-01",
    "leerling__groep": "4",
}
PUPIL_WORDS = ("Noor", "Kwartelveld")
VRAGEN = ("omgeving", "perspectief", "leerkracht", "samenwerking", "team", "medeleerlingen")
# Words that only occur in answers: never in an e-mail.
ANSWER_WORDS = ("Zonnebloemaanpak", "Ibbe Contactmans", "ib@school-a.example", "Evaluatieverslag")
STAPPEN = (
    "stap1_basisbekostiging",
    "stap2_lumpsum",
    "stap3_natura",
    "stap4_hybride",
    "stap5_oza",
)


def fill_in_top(w):
    assert w.start().status_code == 302
    steps = [
        (
            "stap1",
            {
                **PUPIL,
                "contactpersoon": "Ibbe Contactmans",
                "functie": "Intern begeleider",
                "contact_email": "ib@school-a.example",
            },
            None,
        ),
        (
            "stap2",
            {**dict.fromkeys(STAPPEN, "on"), "wettelijk_kader": "Wet passend onderwijs"},
            None,
        ),
        (
            "stap3",
            {
                **{name: f"Antwoord over {name}." for name in VRAGEN},
                "duurzaam": "Het Zonnebloemaanpak wordt schoolbreed ingevoerd.",
            },
            None,
        ),
        (
            "stap4",
            {
                "startdatum": "2026-09-01",
                "uren": "120",
                "uurtarief": "75",
                "bestuur_akkoord": "on",
                "orthopedagoog_email": "orthopedagoog@example.org",
                "bestuur_email": "bestuur@example.org",
            },
            None,
        ),
        (
            "stap5",
            {},
            {
                "opp": [pdf("OPP.pdf"), pdf("Evaluatie OPP.pdf")],
                "oza_formulier": pdf("OZA-formulier.pdf"),
                "onderbouwingsschema": pdf("Schema onderbouwing.pdf"),
            },
        ),
    ]
    for key, data, files in steps:
        response = w.post(key, data, files=files)
        assert response.status_code == 302, response.content.decode()[-3000:]
    return w.submit()


def test_top_arrangement_from_demo_form_to_besluit(
    client,
    loket_users,
    school_a,
    demo_forms,
    django_capture_on_commit_callbacks,
):
    from loket.models import TopBudget

    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    school_user, school_b_user = loket_users["school_a"], loket_users["school_b"]
    consulent, commissie = loket_users["consulent"], loket_users["commissie"]
    page = demo_forms["top-arrangement"]

    # School A fills in and submits the demo form with three kinds of attachment
    # (no signature scan: the orthopedagoog co-signs by link).
    login_verified(client, school_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = fill_in_top(Wizard(client, page))
    assert response.status_code == 302
    submission = FormSubmission.objects.get()
    aanvraag = Aanvraag.objects.get()
    ref = aanvraag.reference
    assert re.fullmatch(rf"SWV-{timezone.localdate().year}-\d{{6}}", ref)
    assert aanvraag.type == "top_arrangement" and aanvraag.school == school_a
    assert aanvraag.status == Aanvraag.Status.INGEDIEND
    assert aanvraag.consulent == consulent
    assert aanvraag.form_revision_id == submission.revision_id
    assert aanvraag.dossier.leerling.naam == "Noor Kwartelveld"
    form_files = list(aanvraag.bijlagen.order_by("pk"))
    assert [b.field_name for b in form_files] == [
        "opp",
        "opp",
        "oza_formulier",
        "onderbouwingsschema",
    ]
    assert all(b.size == len(PDF_BYTES) and b.content_type == "application/pdf" for b in form_files)

    # The confirmation page links to the aanvraag in Mijn loket and says what happens
    # next: the school's consulent handles it, within the form's expected term.
    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    detail_url = f"/loket/aanvragen/{ref}/"
    confirmation_html = confirmation.content.decode()
    assert f'href="{detail_url}"' in confirmation_html
    assert f"behandeld door {consulent}, consulent van het SWV" in confirmation_html
    assert "binnen 20 werkdagen bericht" in confirmation_html

    # Mijn loket lists it; the detail shows the answers with the form's labels.
    index = client.get("/loket/").content.decode()
    assert ref in index
    assert 'href="/loket/concepten/"' in index
    assert 'href="/loket/aanvragen/nieuw/top-arrangement/"' in index
    assert 'href="/loket/aanvragen/nieuw/besluit-module/"' not in index  # closed
    listing = client.get("/loket/aanvragen/nieuw/")  # not shadowed by the aanvraag URL
    assert listing.status_code == 200
    assert "/loket/aanvragen/nieuw/top-arrangement/" in listing.content.decode()
    detail = client.get(detail_url).content.decode()
    for text in (
        "Onder welke wet valt de inzet volgens de MIS-K?",
        "Wet passend onderwijs",
        "Totale kosten (uren × uurtarief)",
        "€ 9.000,00",
        "€ 4.500,00",
        "€ 75,00",
        "1 september 2026",
        "1 september 2016",
        "Aangevinkt",
        "Evaluatie_OPP.pdf",
        "E-mailadres van de orthopedagoog",
    ):
        assert text in detail, text
    opp = form_files[0]
    response = client.get(f"{detail_url}bijlagen/{opp.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES

    # School B sees nothing of it.
    client.logout()
    login_verified(client, school_b_user)
    assert ref not in client.get("/loket/").content.decode()
    for url in (
        detail_url,
        f"{detail_url}bijlagen/{opp.pk}/",
        f"{detail_url}besluit/",
        f"/loket/dossiers/{aanvraag.dossier_id}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post(f"{detail_url}aanvulling/", {"text": "x"}).status_code == 404

    # The consulent takes it in and asks for an aanvulling.
    client.logout()
    login_verified(client, consulent)
    admin_url = f"/admin/loket/{aanvraag.pk}/"
    admin_page = client.get(admin_url).content.decode()
    assert "Noor Kwartelveld" in admin_page and "€ 9.000,00" in admin_page
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(admin_url + "actie/in-behandeling/").status_code == 302
        response = client.post(
            admin_url + "actie/aanvulling/",
            {"aanvulling-message": "Voeg het recente evaluatieverslag toe."},
        )
    assert response.status_code == 302

    # School A answers with text and a file on the aanvraag page.
    client.logout()
    login_verified(client, school_user)
    detail = client.get(detail_url).content.decode()
    assert "Voeg het recente evaluatieverslag toe." in detail
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url + "aanvulling/",
            {
                "text": "Hierbij het Evaluatieverslag.",
                "files": [SimpleUploadedFile("verslag.pdf", PDF_BYTES, "application/pdf")],
            },
        )
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANGEVULD
    extra = Bijlage.objects.get(aanvraag=aanvraag, field_name="aanvulling")

    # The commissie sees the requested amounts as defaults and grants.
    client.logout()
    login_verified(client, commissie)
    admin_page = client.get(admin_url).content.decode()
    assert 'name="besluit-amount" value="9000.00"' in admin_page
    assert 'name="besluit-start_date" value="2026-09-01"' in admin_page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url + "actie/besluit/",
            {
                "besluit-uitkomst": "toegekend",
                "besluit-motivering": "De aanvraag past binnen het kader.",
                "besluit-start_date": "2026-09-01",
                "besluit-end_date": "2027-01-31",
                "besluit-amount": "9000.00",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    # Four months in 2026, one in 2027.
    lines = TopLedgerEntry.objects.filter(aanvraag=aanvraag).order_by("budget__year")
    assert [(e.budget.year, e.amount) for e in lines] == [
        (2026, Decimal("3600.00")),
        (2027, Decimal("900.00")),
    ]

    # School A sees the besluit and opens the decision document and its own file.
    client.logout()
    login_verified(client, school_user)
    detail = client.get(detail_url).content.decode()
    assert "Toegekend" in detail and "De aanvraag past binnen het kader." in detail
    response = client.get(detail_url + "besluit/")
    assert response.status_code == 200 and "€ 4.500,00" in response.content.decode()
    assert client.get(f"{detail_url}bijlagen/{extra.pk}/").status_code == 200

    # Every e-mail names the reference and holds no pupil name or answer.
    assert mail.outbox
    for message in mail.outbox:
        texts = [message.subject, message.body] + [alt[0] for alt in message.alternatives]
        assert ref in message.subject + message.body, message.subject
        for text in texts:
            for word in PUPIL_WORDS + ANSWER_WORDS:
                assert word not in text, (word, message.subject)
    recipients = {address for message in mail.outbox for address in message.to}
    assert "top-aanvragen@swv.example" in recipients  # the form's own notification
    assert consulent.email in recipients and school_user.email in recipients


def fill_in_tlv(client, page, groep="7"):
    w = Wizard(client, page)
    assert w.start().status_code == 302
    pupil = {**PUPIL, "leerling__groep": groep}
    assert w.post("stap1", {**pupil, "startdatum": "2026-08-15"}).status_code == 302
    response = w.post(
        "stap2",
        {"categorie": "Categorie 1 (laag)", "ouders_geinformeerd": "on"},
        files={"opp": pdf("OPP.pdf")},
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    heard = {"hoorrecht__datum": "2026-06-15", "hoorrecht__wijze": "gesprek"}
    assert w.post("stap3", heard).status_code == 302
    return w.submit()


def test_tlv_demo_form_becomes_tlv_aanvraag_in_the_pupils_dossier(
    client, loket_users, school_a, demo_forms
):
    login_verified(client, loket_users["school_a"])
    fill_in_tlv(client, demo_forms["tlv"])
    fill_in_tlv(client, demo_forms["tlv"], groep="8")
    first, second = Aanvraag.objects.order_by("pk")
    assert first.type == second.type == "tlv"
    assert first.dossier_id == second.dossier_id
    dossier = Dossier.objects.get()
    assert dossier.school == school_a and dossier.leerling.groep == "8"
    assert [b.field_name for b in second.bijlagen.all()] == ["opp"]
    page = client.get(f"/loket/dossiers/{dossier.pk}/").content.decode()
    assert first.reference in page and second.reference in page
    detail = client.get(f"/loket/aanvragen/{second.reference}/").content.decode()
    assert "Categorie 1 (laag)" in detail and "15 augustus 2026" in detail
