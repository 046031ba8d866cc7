"""The whole journey through HTTP, without the form engine (the aanvraag comes in
through the intake function with a stand-in submission):

school submits a TOP-arrangement → consulent takes it in and asks aanvulling →
school adds a file → commissie grants → budget booked → school sees the besluit.
"""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from devkit.clients import login_verified
from loket.models import Aanvraag, Bijlage, LogEntry, TopBudget, TopLedgerEntry
from tests.loket.helpers import PDF, make_aanvraag

PUPIL = "Sanne Testleerling"


def test_top_arrangement_from_submission_to_besluit(
    client, loket_users, school_a, django_capture_on_commit_callbacks
):
    TopBudget.objects.create(year=2026, amount=Decimal("200000"))
    TopBudget.objects.create(year=2027, amount=Decimal("200000"))
    school_user, consulent, commissie = (
        loket_users["school_a"],
        loket_users["consulent"],
        loket_users["commissie"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        aanvraag = make_aanvraag(school_a, school_user, naam=PUPIL)
    ref = aanvraag.reference
    detail_url = f"/loket/aanvragen/{ref}/"
    admin_url = f"/admin/loket/{aanvraag.pk}/"

    # The consulent finds it in the inbox, takes it in and asks for an aanvulling.
    login_verified(client, consulent)
    response = client.get("/admin/loket/")
    assert response.status_code == 200 and ref in response.content.decode()
    response = client.get(admin_url)
    assert response.status_code == 200 and PUPIL in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(admin_url + "actie/in-behandeling/").status_code == 302
        response = client.post(
            admin_url + "actie/aanvulling/",
            {"aanvulling-message": "Voeg de halfjaarlijkse evaluatie van het OPP toe."},
        )
    assert response.status_code == 302
    # Asking again is refused: the status moved on.
    response = client.post(admin_url + "actie/aanvulling/", {"aanvulling-message": "Nog eens"})
    assert response.status_code == 409
    assert "aanvulling gevraagd" in response.content.decode()

    # The school sees the request and answers it with a file.
    client.logout()
    login_verified(client, school_user)
    response = client.get("/loket/")
    assert ref in response.content.decode()
    response = client.get(detail_url)
    page = response.content.decode()
    assert "Voeg de halfjaarlijkse evaluatie van het OPP toe." in page
    assert "Hoe wordt de omgeving aangepast?" in page  # label from the snapshot
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail_url + "aanvulling/",
            {
                "text": "Hierbij de evaluatie.",
                "files": [SimpleUploadedFile("evaluatie.pdf", PDF, "application/pdf")],
            },
        )
    assert response.status_code == 302
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANGEVULD
    extra = Bijlage.objects.get(aanvraag=aanvraag, field_name="aanvulling")
    assert extra.original_name == "evaluatie.pdf" and extra.size == len(PDF)

    # The commissie grants; the SWV half is booked on 2026.
    client.logout()
    login_verified(client, commissie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            admin_url + "actie/besluit/",
            {
                "besluit-uitkomst": "toegekend",
                "besluit-motivering": "De aanvraag past binnen het kader.",
                "besluit-start_date": "2026-08-01",
                "besluit-end_date": "2027-01-31",
                "besluit-amount": "24000",
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    # The SWV half per calendar year: five months in 2026, one in 2027.
    lines = TopLedgerEntry.objects.filter(aanvraag=aanvraag).order_by("budget__year")
    assert [(e.budget.year, e.amount) for e in lines] == [
        (2026, Decimal("10000.00")),
        (2027, Decimal("2000.00")),
    ]

    # The school sees the besluit and the decision document, and downloads its file.
    client.logout()
    login_verified(client, school_user)
    page = client.get(detail_url).content.decode()
    assert "Toegekend" in page and "De aanvraag past binnen het kader." in page
    response = client.get(detail_url + "besluit/")
    assert response.status_code == 200 and "€ 12.000,00" in response.content.decode()
    response = client.get(f"{detail_url}bijlagen/{extra.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="download").exists()
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="bekeken").count() >= 3

    # E-mails: to the consulent on new and aanvulling, to the school on every change;
    # never the pupil's name or an answer.
    subjects = [m.subject for m in mail.outbox]
    assert f"Nieuwe aanvraag {ref} in het loket" in subjects
    assert f"Aanvraag {ref} is aangevuld" in subjects
    assert f"Er is een besluit over aanvraag {ref}" in subjects
    # Status mails: in behandeling, aanvulling gevraagd, aangevuld; the besluit has its own.
    assert sum("status" in s for s in subjects) == 3
    assert sum("besluit" in s for s in subjects) == 1
    for message in mail.outbox:
        html = message.alternatives[0][0]
        for text in (message.subject, message.body, html):
            assert "Sanne" not in text and "Testleerling" not in text
            assert "coaching" not in text and "evaluatie.pdf" not in text
        assert ref in message.body
        assert "http://testserver/" in message.body


def test_aanvulling_with_bad_file_keeps_text_and_says_why(client, loket_users, school_a):
    from loket.lifecycle import services

    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    services.request_aanvulling(aanvraag, loket_users["consulent"], "Graag het OPP.")
    login_verified(client, loket_users["school_a"])
    response = client.post(
        f"/loket/aanvragen/{aanvraag.reference}/aanvulling/",
        {
            "text": "Mijn uitleg die niet verloren mag gaan.",
            "files": [SimpleUploadedFile("virus.exe", b"MZ\x90\x00binary", "application/pdf")],
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Dit bestandstype kan niet" in page
    assert "Mijn uitleg die niet verloren mag gaan." in page
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.AANVULLING_GEVRAAGD
    assert not aanvraag.aanvullingen.exists()


def test_school_can_withdraw_until_besluit(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    login_verified(client, loket_users["school_a"])
    url = f"/loket/aanvragen/{aanvraag.reference}/intrekken/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": "Niet meer nodig."}).status_code == 302
    response = client.post(url, {"reason": "Nog eens."})
    assert response.status_code == 409


def test_commissie_grant_over_budget_gets_message_and_4xx(client, loket_users, school_a):
    from loket.lifecycle import services

    TopBudget.objects.create(year=2026, amount=Decimal("1000"))
    TopBudget.objects.create(year=2027, amount=Decimal("1000"))  # 6/10 of € 2.500 will not fit
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    login_verified(client, loket_users["commissie"])
    response = client.post(
        f"/admin/loket/{aanvraag.pk}/actie/besluit/",
        {
            "besluit-uitkomst": "toegekend",
            "besluit-motivering": "Graag.",
            "besluit-start_date": datetime.date(2026, 9, 1).isoformat(),
            "besluit-end_date": "2027-06-30",
            "besluit-amount": "5000",
        },
    )
    assert response.status_code == 409
    assert "past niet in het TOP-budget 2027" in response.content.decode()
    assert not TopLedgerEntry.objects.exists()  # nothing booked in 2026 either
    aanvraag.refresh_from_db()
    assert aanvraag.status == Aanvraag.Status.IN_BEHANDELING


def test_consulent_cannot_decide_via_http(client, loket_users, school_a):
    from loket.lifecycle import services

    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    login_verified(client, loket_users["consulent"])
    response = client.post(
        f"/admin/loket/{aanvraag.pk}/actie/besluit/",
        {"besluit-uitkomst": "afgewezen", "besluit-motivering": "Nee."},
    )
    assert response.status_code == 403


def _set_windows(demo_forms):
    """The real demo forms with three windows: TOP open, TLV closed, besluit-module not yet
    (the forms of the other aanvraag types closed too)."""
    now = timezone.now()
    closed = (now - datetime.timedelta(days=30), now - datetime.timedelta(days=1))
    windows = {
        **dict.fromkeys(demo_forms, closed),
        "top-arrangement": (None, None),
        "tlv": (now - datetime.timedelta(days=30), now - datetime.timedelta(days=1)),
        "besluit-module": (now + datetime.timedelta(days=3), None),
    }
    for slug, (open_from, open_until) in windows.items():
        page = demo_forms[slug]
        type(page).objects.filter(pk=page.pk).update(open_from=open_from, open_until=open_until)
    return demo_forms


def test_mijn_loket_links_to_open_form_pages_and_concepten(client, loket_users, demo_forms):
    pages = _set_windows(demo_forms)
    login_verified(client, loket_users["school_a"])
    page = client.get("/loket/").content.decode()
    assert f'href="{pages["top-arrangement"].url}"' in page
    assert f'href="{pages["tlv"].url}"' not in page  # closed
    assert f'href="{pages["besluit-module"].url}"' not in page  # not yet open
    assert 'href="/loket/concepten/"' in page


def test_form_page_discovery_is_generic(demo_forms):
    from loket.school import form_links

    pages = _set_windows(demo_forms)
    # Found by its ``handoff`` field, without the loket importing the form engine.
    assert all(
        any(f.name == "handoff" for f in m._meta.get_fields())
        for m in form_links.form_page_models()
    )
    assert type(pages["top-arrangement"]) in form_links.form_page_models()
    assert form_links.open_form_pages(None) == [pages["top-arrangement"]]
    pages["top-arrangement"].unpublish()
    assert form_links.open_form_pages(None) == []


def test_uploaded_file_name_is_stored_safely(loket_users, school_a):
    """An aanvulling's file name goes through the same safe-name rule as form uploads."""
    from loket.lifecycle import services

    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    # Issue 10: a name with a NUL (or other hidden character) is refused, not repaired.
    upload = SimpleUploadedFile("..\\..\\geheim\x00 verslag.pdf", PDF, "application/pdf")
    with pytest.raises(services.TransitionError, match="ongeldige tekens"):
        services.store_bijlage(aanvraag, upload, loket_users["school_a"], Bijlage.AANVULLING)
    assert not aanvraag.bijlagen.filter(field_name=Bijlage.AANVULLING).exists()
    # Path parts and odd characters are still made safe.
    upload = SimpleUploadedFile("../../geheim verslag?.pdf", PDF, "application/pdf")
    bijlage = services.store_bijlage(aanvraag, upload, loket_users["school_a"], Bijlage.AANVULLING)
    assert bijlage.original_name == "geheim_verslag.pdf"


def test_kept_form_links_close_on_time_and_follow_an_unpublish(
    client, loket_users, demo_forms, derived_cache_on
):
    """With the form pages kept per generation (``DERIVED_CACHE_SECONDS``), a window that
    closes is still decided per request, and an unpublish shows at once."""
    import time

    pages = _set_windows(demo_forms)
    top, besluit = pages["top-arrangement"], pages["besluit-module"]
    closing = timezone.now() + datetime.timedelta(seconds=1)
    type(besluit).objects.filter(pk=besluit.pk).update(open_from=None, open_until=closing)
    login_verified(client, loket_users["school_a"])
    page = client.get("/loket/").content.decode()
    assert f'href="{top.url}"' in page and f'href="{besluit.url}"' in page
    time.sleep(max(0.0, (closing - timezone.now()).total_seconds()) + 0.1)
    page = client.get("/loket/").content.decode()
    assert f'href="{besluit.url}"' not in page  # closed by the clock, not by a publish
    top.unpublish()
    assert f'href="{top.url}"' not in client.get("/loket/").content.decode()
