"""Bezwaar: the term (boundaries exactly), the late bezwaar the commissie allows, the
hearing and the outcome as letters kept as sent, logboek and mails without pupil data,
and the school's and the commissie's pages over HTTP."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import bezwaar as rules
from loket.lifecycle import services
from loket.models import Bezwaar, Bijlage, FormeelDocument, LogEntry, LoketSettings
from tests.loket.helpers import PDF, make_aanvraag, pdf_text
from tests.pdfcheck import facts

SENT = datetime.datetime(2026, 6, 1, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def besloten(loket_users, school_a):
    """An aanvraag of school A, afgewezen on 1 June 2026."""
    with time_machine.travel(SENT, tick=False):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
        services.take_in(aanvraag, loket_users["consulent"])
        services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    return aanvraag


def _on(day):
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(15, 0)), tick=False)


def test_deadline_is_six_weeks_after_sending(besloten):
    assert rules.deadline(besloten) == datetime.date(2026, 7, 13)


def test_exactly_six_weeks_is_in_time(besloten, loket_users):
    with _on(datetime.date(2026, 7, 13)):
        bezwaar = rules.lodge(besloten, loket_users["school_a"], "Wij zijn het niet eens.")
    assert bezwaar.deadline == datetime.date(2026, 7, 13) and bezwaar.te_laat_reden == ""


def test_one_day_later_is_refused_and_nothing_saved(besloten, loket_users):
    with _on(datetime.date(2026, 7, 14)), pytest.raises(TransitionError) as refused:
        rules.lodge(besloten, loket_users["school_a"], "Te laat.")
    assert refused.value.status == 400
    assert "verstreken" in refused.value.message and "13 juli 2026" in refused.value.message
    assert not Bezwaar.objects.exists()
    assert not LogEntry.objects.filter(action=LogEntry.Action.BEZWAAR).exists()


def test_term_is_a_setting(besloten, loket_users):
    settings_row = LoketSettings.load()
    settings_row.bezwaar_termijn_weken = 8
    settings_row.save()
    assert rules.deadline(besloten) == datetime.date(2026, 7, 27)


def test_commissie_allows_a_late_bezwaar_with_a_reason(besloten, loket_users):
    commissie, school = loket_users["commissie"], loket_users["school_a"]
    with _on(datetime.date(2026, 7, 20)):
        with pytest.raises(TransitionError) as no_reason:
            rules.allow_late(besloten, commissie, " ", datetime.date(2026, 7, 31))
        assert no_reason.value.status == 400
        with pytest.raises(TransitionError) as not_commissie:
            rules.allow_late(besloten, loket_users["consulent"], "x", datetime.date(2026, 7, 31))
        assert not_commissie.value.status == 403
        rules.allow_late(besloten, commissie, "Directeur was ziek.", datetime.date(2026, 7, 31))
        bezwaar = rules.lodge(besloten, school, "Alsnog bezwaar.")
    assert bezwaar.te_laat_reden == "Directeur was ziek."
    assert bezwaar.deadline == datetime.date(2026, 7, 31)


def test_no_extension_while_the_term_runs(besloten, loket_users):
    with _on(datetime.date(2026, 7, 1)), pytest.raises(TransitionError) as refused:
        rules.allow_late(besloten, loket_users["commissie"], "x", datetime.date(2026, 8, 1))
    assert refused.value.status == 409


def test_only_the_school_lodges_and_only_against_a_besluit(besloten, loket_users, school_a):
    with _on(datetime.date(2026, 6, 2)):
        for who in ("consulent", "commissie", "school_b", "beheerder"):
            with pytest.raises(TransitionError) as refused:
                rules.lodge(besloten, loket_users[who], "Bezwaar.")
            assert refused.value.status == 403, who
        open_one = make_aanvraag(school_a, loket_users["school_a"], naam="Ander Kind")
        with pytest.raises(TransitionError) as no_besluit:
            rules.lodge(open_one, loket_users["school_a"], "Bezwaar.")
        assert no_besluit.value.status == 409
        with pytest.raises(TransitionError) as empty:
            rules.lodge(besloten, loket_users["school_a"], "   ")
        assert empty.value.status == 400


def test_one_open_bezwaar_at_a_time(besloten, loket_users):
    with _on(datetime.date(2026, 6, 2)):
        rules.lodge(besloten, loket_users["school_a"], "Eerste.")
        with pytest.raises(TransitionError) as refused:
            rules.lodge(besloten, loket_users["school_a"], "Tweede.")
    assert refused.value.status == 409


def test_hearing_and_outcome_are_letters_kept_as_sent(besloten, loket_users):
    commissie = loket_users["commissie"]
    with _on(datetime.date(2026, 6, 2)):
        bezwaar = rules.lodge(besloten, loket_users["school_a"], "Wij zijn het niet eens.")
    hearing_at = timezone.make_aware(datetime.datetime(2026, 6, 20, 14, 30))
    rules.register_hearing(bezwaar, commissie, hearing_at, "De school lichtte toe.")
    with pytest.raises(TransitionError) as twice:
        rules.register_hearing(bezwaar, commissie, hearing_at, "Nog eens.")
    assert twice.value.status == 409
    rules.decide_bezwaar(bezwaar, commissie, "ongegrond", "Het besluit past in het beleid.")
    letters = {d.kind: d for d in FormeelDocument.objects.filter(bezwaar=bezwaar)}
    assert set(letters) == {"hoorzitting", "beslissing_op_bezwaar"}
    for letter in letters.values():
        pdf = facts(letter.file.open("rb").read())
        assert pdf["pdf_ua"] and pdf["tagged"] and pdf["lang"] == "nl"
    text = pdf_text(letters["beslissing_op_bezwaar"].file.open("rb").read())
    assert "ongegrond" in text and besloten.reference in text
    actions = set(LogEntry.objects.filter(aanvraag_id=besloten.pk).values_list("action", flat=True))
    assert {"bezwaar", "hoorzitting", "bezwaar_uitkomst"} <= actions


def test_no_outcome_on_a_withdrawn_bezwaar(besloten, loket_users):
    commissie = loket_users["commissie"]
    with _on(datetime.date(2026, 6, 2)):
        bezwaar = rules.lodge(besloten, loket_users["school_a"], "Bezwaar.")
    rules.decide_bezwaar(bezwaar, commissie, "ingetrokken", "De school trok het in.")
    with pytest.raises(TransitionError) as refused:
        rules.decide_bezwaar(bezwaar, commissie, "gegrond", "Toch gegrond.")
    assert refused.value.status == 409 and "ingetrokken" in refused.value.message
    with pytest.raises(TransitionError):
        rules.register_hearing(bezwaar, commissie, timezone.now(), "Verslag.")
    bezwaar.refresh_from_db()
    assert bezwaar.uitkomst == "ingetrokken" and bezwaar.hoorzitting_op is None
    assert FormeelDocument.objects.filter(bezwaar=bezwaar).count() == 1


def test_mails_carry_no_pupil_data(besloten, loket_users, django_capture_on_commit_callbacks):
    with _on(datetime.date(2026, 6, 2)):
        with django_capture_on_commit_callbacks(execute=True):
            bezwaar = rules.lodge(besloten, loket_users["school_a"], "Geheime Leerling heeft...")
        with django_capture_on_commit_callbacks(execute=True):
            rules.decide_bezwaar(bezwaar, loket_users["commissie"], "ongegrond", "Geheime zaak.")
    subjects = [m.subject for m in mail.outbox]
    assert any("Bezwaar tegen het besluit" in s for s in subjects)
    assert any("Beslissing op het bezwaar" in s for s in subjects)
    for message in mail.outbox:
        assert "Geheime" not in message.body + message.alternatives[0][0]
        assert besloten.reference in message.body


# --- over HTTP, as a user would ---------------------------------------------------------


def test_school_sees_the_deadline_and_lodges_with_a_file(client, besloten, loket_users):
    login_verified(client, loket_users["school_a"])
    with _on(datetime.date(2026, 6, 15)):
        page = client.get(besloten.get_absolute_url()).content.decode()
        assert "Bezwaar maken kan tot en met" in page and "13 juli 2026" in page
        url = f"/loket/aanvragen/{besloten.reference}/bezwaar/"
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "gronden": "Het besluit houdt geen rekening met de toets.",
                "files": SimpleUploadedFile("toets.pdf", PDF, "application/pdf"),
            },
        )
        assert response.status_code == 302
        page = client.get(besloten.get_absolute_url()).content.decode()
    bezwaar = Bezwaar.objects.get()
    assert Bijlage.objects.get(bezwaar=bezwaar).field_name == "bezwaar"
    assert "Er loopt een bezwaar" in page and "toets.pdf" in page


def test_late_bezwaar_over_http_is_a_dutch_400(client, besloten, loket_users):
    login_verified(client, loket_users["school_a"])
    with _on(datetime.date(2026, 7, 14)):
        url = f"/loket/aanvragen/{besloten.reference}/bezwaar/"
        response = client.post(url, {"gronden": "Te laat."})
    assert response.status_code == 400
    assert "bezwaartermijn is verstreken" in response.content.decode()
    assert not Bezwaar.objects.exists()


def test_bad_file_is_a_400_and_nothing_saved(client, besloten, loket_users):
    login_verified(client, loket_users["school_a"])
    with _on(datetime.date(2026, 6, 15)):
        response = client.post(
            f"/loket/aanvragen/{besloten.reference}/bezwaar/",
            {
                "gronden": "Bezwaar.",
                "files": SimpleUploadedFile("x.pdf", b"MZ\x90", "application/pdf"),
            },
        )
    assert response.status_code == 400
    assert (
        not Bezwaar.objects.exists() and not Bijlage.objects.filter(field_name="bezwaar").exists()
    )


def test_commissie_registers_hearing_and_outcome_in_the_admin(client, besloten, loket_users):
    with _on(datetime.date(2026, 6, 2)):
        bezwaar = rules.lodge(besloten, loket_users["school_a"], "Bezwaar.")
    login_verified(client, loket_users["commissie"])
    detail = client.get(f"/admin/loket/{besloten.pk}/").content.decode()
    assert "Hoorzitting" in detail and "Beslissing op bezwaar" in detail
    action = f"/admin/loket/{besloten.pk}/actie/"
    response = client.post(
        action + "hoorzitting/",
        {
            "hoorzitting-bezwaar": bezwaar.pk,
            "hoorzitting-op": "2026-06-20T14:30",
            "hoorzitting-verslag": "Gehoord.",
        },
    )
    assert response.status_code == 302
    bad = client.post(action + "bezwaar-uitkomst/", {"uitkomst-bezwaar": bezwaar.pk})
    assert bad.status_code == 400
    response = client.post(
        action + "bezwaar-uitkomst/",
        {
            "uitkomst-bezwaar": bezwaar.pk,
            "uitkomst-uitkomst": "ongegrond",
            "uitkomst-motivering": "Past in het beleid.",
        },
    )
    assert response.status_code == 302
    again = client.post(
        action + "bezwaar-uitkomst/",
        {
            "uitkomst-bezwaar": bezwaar.pk,
            "uitkomst-uitkomst": "gegrond",
            "uitkomst-motivering": "Toch.",
        },
    )
    assert again.status_code == 409 and "al afgehandeld" in again.content.decode()
    other = client.post(
        action + "bezwaar-uitkomst/",
        {"uitkomst-bezwaar": 999999, "uitkomst-uitkomst": "gegrond", "uitkomst-motivering": "x"},
    )
    assert other.status_code == 404
    bezwaar.refresh_from_db()
    assert bezwaar.uitkomst == "ongegrond"


def test_school_downloads_the_letters_and_others_do_not(client, besloten, loket_users):
    with _on(datetime.date(2026, 6, 2)):
        bezwaar = rules.lodge(besloten, loket_users["school_a"], "Bezwaar.")
    rules.decide_bezwaar(bezwaar, loket_users["commissie"], "ongegrond", "Nee.")
    letter = FormeelDocument.objects.get(bezwaar=bezwaar)
    url = letter.get_absolute_url()
    login_verified(client, loket_users["school_a"])
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == letter.file.open("rb").read()
    for who in ("school_b", "beheerder", "externe"):
        client.logout()
        login_verified(client, loket_users[who])
        assert client.get(url).status_code == 404, who
