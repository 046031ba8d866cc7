"""Instemming through HTTP, with a real SMTP server (aiosmtpd) and the real code.

Seed ``kennisbank-artikelen-top-dossier.txt``: “Nadat leerling en/of
ouder(s)/verzorger(s) de e-mail van de instemming hebben geopend … Klik op Verstuur.
Er wordt een code naar hetzelfde e-mail adres verstuurd. Vul deze code in de
webbrowser. Daarna kan het TOP dossier worden geopend en instemming worden
geregistreerd.” And: “Geef een einddatum voor de hyperlink mee en een onderwerp van
de e-mail.”
"""

import datetime
import re
from contextlib import contextmanager

import pytest
import time_machine
from django.core.cache import cache
from django.test import Client
from django.utils import timezone
from wagtail.models import Page

from bench.smtp_sink import SmtpSink
from devkit.clients import login_verified
from loket.instemming import services as instemming
from loket.lifecycle import services
from loket.models import Instemming, InstemmingVereist, LogEntry
from tests.loket.helpers import make_aanvraag


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@contextmanager
def smtp_sink(settings):
    with SmtpSink() as sink:
        for key, value in sink.settings().items():
            setattr(settings, key, value)
        yield sink


def _body(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def _send_request(client, aanvraag, emails, ends_on=None):
    ends_on = ends_on or timezone.localdate() + datetime.timedelta(days=14)
    bijlage = aanvraag.bijlagen.first()
    return client.post(
        f"/loket/aanvragen/{aanvraag.reference}/instemming/",
        {
            "wijze": "email",
            "emails": "\n".join(emails),
            "onderwerp": "Instemming met het ontwikkelingsperspectief",
            "ends_on": ends_on.isoformat(),
            "bijlagen": [str(bijlage.pk)],
        },
    )


def _link(message):
    return re.search(r"http://testserver(/instemming/[^/\s]+/)", _body(message)).group(1)


def _code(message):
    return re.search(r"\b(\d{6})\b", _body(message)).group(1)


def test_consent_journey_by_email_and_code(
    client, settings, loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    login_verified(client, loket_users["school_a"])
    with smtp_sink(settings) as sink:
        with django_capture_on_commit_callbacks(execute=True):
            response = _send_request(
                client, aanvraag, ["ouder1@thuis.example", "kind@thuis.example"]
            )
        assert response.status_code == 302
        assert sorted(sink.handler.recipients) == ["kind@thuis.example", "ouder1@thuis.example"]
        mail = sink.handler.messages[0]
        assert mail["Subject"] == "Instemming met het ontwikkelingsperspectief"
        assert "School A" in _body(mail)
        assert "Geheime" not in mail.as_string()  # no pupil data in the mail
        by_address = {m["To"]: m for m in sink.handler.messages}
        link = _link(by_address["ouder1@thuis.example"])

        parent = Client()
        page = parent.get(link)
        assert page.status_code == 200
        assert "Verstuur" in page.content.decode()
        assert "Geheime" not in page.content.decode()
        # Without the code nothing is shown.
        assert parent.get(link + "antwoord/").status_code == 302
        assert parent.post(link).status_code == 302  # Verstuur: a code to the same address
        code_mail = sink.handler.messages[-1]
        assert code_mail["To"] == "ouder1@thuis.example"
        code = _code(code_mail)
        wrong = "000000" if code != "000000" else "111111"
        assert parent.post(link + "code/", {"code": wrong}).status_code == 400
        response = parent.post(link + "code/", {"code": code})
        assert response.status_code == 302 and response["Location"].endswith("/antwoord/")
        summary = parent.get(link + "antwoord/")
        body = summary.content.decode()
        assert summary.status_code == 200
        assert "Geheime Leerling" in body  # the summary, read-only, after the code
        assert "opp.pdf" in body
        bijlage = aanvraag.bijlagen.first()
        download = parent.get(f"{link}bijlagen/{bijlage.pk}/")
        assert download.status_code == 200
        answered = parent.post(
            link + "antwoord/", {"antwoord": "ja", "zienswijze": "Wij willen meer uren."}
        )
        assert answered.status_code == 200 and "Bedankt" in answered.content.decode()
        # The code is single use and the link now says it was used.
        assert parent.post(link + "code/", {"code": code}).status_code == 410
        reused = parent.get(link)
        assert reused.status_code == 410
        assert "al gebruikt" in reused.content.decode()
        assert "Geheime" not in reused.content.decode()

    person = Instemming.objects.get(email="ouder1@thuis.example")
    assert person.status == Instemming.Status.GEGEVEN
    assert person.zienswijze == "Wij willen meer uren."
    assert person.token_hash and len(person.token_hash) == 64
    assert link.split("/")[2] not in person.token_hash  # only the hash is stored
    actions = list(
        LogEntry.objects.filter(aanvraag=aanvraag, detail=f"instemming {person.pk}")
        .order_by("at", "pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "instemming_verstuurd",
        "instemming_geopend",
        "instemming_code",
        "instemming_code_fout",
        "instemming_beantwoord",
    ]
    # The school sees the state per person on the aanvraag.
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "ouder1@thuis.example" in page and "Instemming gegeven" in page
    assert "kind@thuis.example" in page and "Verstuurd" in page


def test_expired_and_revoked_links_say_so(
    client, settings, loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    login_verified(client, loket_users["school_a"])
    with smtp_sink(settings) as sink, django_capture_on_commit_callbacks(execute=True):
        _send_request(client, aanvraag, ["a@thuis.example", "b@thuis.example"])
    by_address = {m["To"]: _link(m) for m in sink.handler.messages}
    expiring = Instemming.objects.get(email="a@thuis.example")
    revoked = Instemming.objects.get(email="b@thuis.example")
    response = client.post(
        f"/loket/aanvragen/{aanvraag.reference}/instemming/{revoked.pk}/intrekken/"
    )
    assert response.status_code == 302
    parent = Client()
    gone = parent.get(by_address["b@thuis.example"])
    assert gone.status_code == 410 and "ingetrokken" in gone.content.decode()
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        expired = parent.get(by_address["a@thuis.example"])
    assert expired.status_code == 410 and "verlopen" in expired.content.decode()
    assert "Geheime" not in expired.content.decode()
    expiring.refresh_from_db()
    assert expiring.status == Instemming.Status.VERLOPEN
    assert LogEntry.objects.filter(action="instemming_verlopen", aanvraag=aanvraag).count() == 1
    assert Client().get("/instemming/bestaat-niet/").status_code == 404


def test_the_daily_job_marks_expired_links_without_a_click(
    client, settings, loket_users, school_a, django_capture_on_commit_callbacks
):
    """The school sees “Link verlopen” the day after the end date, even if no parent
    ever clicked; the job is idempotent and leaves answered records alone."""
    from django.core.management import call_command

    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Geheime Leerling")
    login_verified(client, loket_users["school_a"])
    with smtp_sink(settings), django_capture_on_commit_callbacks(execute=True):
        _send_request(client, aanvraag, ["a@thuis.example"])
    instemming.register_outside(
        aanvraag, loket_users["school_a"], datum=timezone.localdate(), toelichting="Ja."
    )
    open_link = Instemming.objects.get(email="a@thuis.example")
    call_command("instemming_verlopen", verbosity=0)
    open_link.refresh_from_db()
    assert open_link.status == Instemming.Status.VERSTUURD  # not yet past its end date
    with time_machine.travel(timezone.now() + datetime.timedelta(days=15)):
        call_command("instemming_verlopen", verbosity=0)
        call_command("instemming_verlopen", verbosity=0)
    open_link.refresh_from_db()
    assert open_link.status == Instemming.Status.VERLOPEN and open_link.code_hash == ""
    assert LogEntry.objects.filter(action="instemming_verlopen", aanvraag=aanvraag).count() == 1
    assert Instemming.objects.filter(status=Instemming.Status.GEGEVEN).count() == 1
    page = client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Link verlopen" in page
    assert "instemming_verlopen" in settings.SCHEDULED_JOBS


def test_code_expires_after_ten_minutes_and_tries_are_limited(loket_users, school_a, mailoutbox):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    [person] = instemming.request_by_email(
        aanvraag,
        loket_users["school_a"],
        emails=["ouder@thuis.example"],
        onderwerp="",
        ends_on=timezone.localdate() + datetime.timedelta(days=3),
    )
    instemming.send_code(person)
    code = _code_from_outbox(mailoutbox)
    with pytest.raises(services.TransitionError, match="net een code"):
        instemming.send_code(person)  # throttled
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=11)):
        with pytest.raises(services.TransitionError, match="verlopen"):
            instemming.verify_code(person, code)
        instemming.send_code(person)
    code = _code_from_outbox(mailoutbox)
    wrong = "000000" if code != "000000" else "111111"
    for _ in range(instemming.MAX_CODE_TRIES - 1):
        assert instemming.verify_code(person, wrong) is False
    with pytest.raises(services.TransitionError, match="te vaak"):
        instemming.verify_code(person, wrong)
    with pytest.raises(services.TransitionError):
        instemming.verify_code(person, code)  # the right code is void now too


def _code_from_outbox(outbox):
    return re.search(r"\b(\d{6})\b", outbox[-1].body).group(1)


def test_outside_and_refused_registration(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    login_verified(client, loket_users["school_a"])
    url = f"/loket/aanvragen/{aanvraag.reference}/instemming/"
    today = timezone.localdate().isoformat()
    assert client.post(url, {"wijze": "buiten", "datum": today}).status_code == 400
    assert (
        client.post(
            url, {"wijze": "buiten", "datum": today, "toelichting": "Getekend in gesprek."}
        ).status_code
        == 302
    )
    assert (
        client.post(
            url, {"wijze": "geweigerd", "datum": today, "toelichting": "Ouders willen SBO."}
        ).status_code
        == 302
    )
    assert list(aanvraag.instemmingen.values_list("status", flat=True)) == [
        "gegeven",
        "geweigerd",
    ]
    # Another school's user cannot register instemming.
    other = login_verified(Client(), loket_users["school_b"])
    assert other.get(url).status_code == 404


def test_a_form_requiring_instemming_blocks_the_besluit(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    page = Page.objects.first()
    aanvraag.form_page = page
    aanvraag.save(update_fields=["form_page"])
    InstemmingVereist.objects.create(page=page)
    services.take_in(aanvraag, loket_users["consulent"])
    decide = {"uitkomst": "afgewezen", "motivering": "Niet passend."}
    with pytest.raises(services.TransitionError, match="instemming"):
        services.decide(aanvraag, loket_users["commissie"], **decide)
    instemming.register_outside(
        aanvraag,
        loket_users["school_a"],
        datum=timezone.localdate(),
        toelichting="Nee.",
        gegeven=False,
    )
    with pytest.raises(services.TransitionError, match="instemming"):
        services.decide(aanvraag, loket_users["commissie"], **decide)
    # A refusal keeps blocking; with a “ja” (here obtained outside the portal) it may go on.
    other = make_aanvraag(school_a, loket_users["school_a"], naam="Andere Leerling")
    other.form_page = page
    other.save(update_fields=["form_page"])
    services.take_in(other, loket_users["consulent"])
    instemming.register_outside(
        other, loket_users["school_a"], datum=timezone.localdate(), toelichting="Getekend."
    )
    besluit, _warnings = services.decide(other, loket_users["commissie"], **decide)
    assert besluit.pk


def test_public_pages_are_rate_limited(db):
    client = Client()
    statuses = [client.get("/instemming/bestaat-niet/").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429
