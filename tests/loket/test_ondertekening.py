"""Mede-ondertekening (issue 26): per form the parties who co-sign (orthopedagoog,
bestuur), their links and codes, the state per party, the besluit that waits for
them (or the commissie's override with a reason), the reminder job and the besluit PDF.
"""

import datetime
import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from devkit.clients import login_verified
from loket.instemming import linkcode, ondertekening
from loket.lifecycle import documenten, intake, services
from loket.models import Besluit, LogEntry, Medeondertekenaar, Medeondertekening
from tests.conftest import ensure_site_tree
from tests.loket.helpers import pdf_text, submission

ORTHO, BESTUUR = "ortho@praktijk.example", "bestuur@stichting.example"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.fixture
def top_page(db):
    from forms.build import create_form, form_index
    from loket.demo.forms import configure_cosigners, form_specs

    ensure_site_tree()
    page = create_form(form_index(), form_specs()[0])
    configure_cosigners(page)
    return page


@pytest.fixture
def aanvraag(top_page, loket_users, school_a, django_capture_on_commit_callbacks):
    sub = submission(school_a, loket_users["school_a"], naam="Geheime Leerling")
    sub.page = top_page
    sub.answers = {**sub.answers, "orthopedagoog_email": ORTHO, "bestuur_email": BESTUUR}
    with django_capture_on_commit_callbacks(execute=True):
        made = intake.create_aanvraag_from_submission(sub)
    services.take_in(made, loket_users["consulent"])
    made.refresh_from_db()
    return made


def _mail_to(address):
    return [m for m in mail.outbox if address in m.to]


def _link(message):
    return re.search(r"http://testserver(/ondertekenen/[^/\s]+/)", message.body).group(1)


def _code(message):
    return re.search(r"\b(\d{6})\b", message.body).group(1)


def _sign(client, link, address, *, antwoord="tekenen", reden=""):
    """Open the link, ask for a code, enter it, answer; returns the last response."""
    assert client.get(link).status_code == 200
    assert client.post(link).status_code == 302
    code = _code(_mail_to(address)[-1])
    response = client.post(link + "code/", {"code": code})
    assert response.status_code == 302 and response["Location"] == link + "tekenen/"
    page = client.get(link + "tekenen/")
    assert page.status_code == 200
    return page, client.post(link + "tekenen/", {"antwoord": antwoord, "reden": reden})


def _decide(aanvraag, user, **extra):
    return services.decide(
        aanvraag, user, uitkomst="afgewezen", motivering="Past niet in het kader.", **extra
    )


def test_two_cosigners_sign_decline_and_sign_again(
    aanvraag, loket_users, school_client, django_capture_on_commit_callbacks
):
    # One link each, to the address the school entered; no pupil in the mail or URL.
    assert len(_mail_to(ORTHO)) == 1 and len(_mail_to(BESTUUR)) == 1
    for message in _mail_to(ORTHO) + _mail_to(BESTUUR):
        assert "Geheime" not in message.body and "Leerling" not in message.subject
        assert aanvraag.reference in message.body
    records = {r.rol: r for r in aanvraag.medeondertekeningen.all()}
    assert set(records) == {"orthopedagoog", "bestuur"}
    assert all(len(r.token_hash) == 64 for r in records.values())  # hashed at rest
    assert records["bestuur"].versie_sha256 == ondertekening.versie.current(aanvraag)

    ortho_link = _link(_mail_to(ORTHO)[0])
    page, done = _sign(Client(), ortho_link, ORTHO)
    body = page.content.decode()
    assert "Geheime Leerling" in body  # the frozen version, after the code
    assert records["orthopedagoog"].versie_sha256[:12] in body
    assert done.status_code == 200 and "handtekening is ontvangen" in done.content.decode()

    bestuur_link = _link(_mail_to(BESTUUR)[0])
    client = Client()
    _page, refused = _sign(client, bestuur_link, BESTUUR, antwoord="weigeren")
    assert refused.status_code == 400  # a refusal needs a reason
    refused = client.post(
        bestuur_link + "tekenen/", {"antwoord": "weigeren", "reden": "Geen budget dit jaar."}
    )
    assert refused.status_code == 200

    page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "ondertekening-getekend" in page and "ondertekening-geweigerd" in page
    assert "Geen budget dit jaar." in page
    with pytest.raises(services.TransitionError, match="bestuur"):
        _decide(aanvraag, loket_users["commissie"])

    # The school asks the bestuur again; the new link works, the used one does not.
    declined = aanvraag.medeondertekeningen.get(rol="bestuur")
    again = f"/loket/aanvragen/{aanvraag.reference}/ondertekening/{declined.pk}/opnieuw/"
    assert school_client.get(again).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        assert school_client.post(again, {"email": BESTUUR}).status_code == 302
    used = Client().get(bestuur_link)
    assert used.status_code == 410 and "al gebruikt" in used.content.decode()
    new_link = _link(_mail_to(BESTUUR)[-1])
    assert new_link != bestuur_link
    _sign(Client(), new_link, BESTUUR)

    besluit, warnings = _decide(aanvraag, loket_users["commissie"])
    assert besluit.ondertekening_afwijking == "" and not warnings
    signed = LogEntry.objects.filter(
        aanvraag=aanvraag, action=LogEntry.Action.ONDERTEKENING_GETEKEND
    )
    assert signed.count() == 2
    detail = signed.get(role="bestuur").detail
    assert BESTUUR in detail and aanvraag.medeondertekeningen.last().versie_sha256 in detail


def test_the_commissie_overrides_with_a_reason(aanvraag, loket_users, client):
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "Mede-ondertekening" in page and "ondertekening-gevraagd" in page
    url = f"/admin/loket/{aanvraag.pk}/actie/besluit/"
    data = {"besluit-uitkomst": "afgewezen", "besluit-motivering": "Past niet."}
    response = client.post(url, data)
    assert response.status_code == 409
    assert "nog niet door alle partijen mede-ondertekend" in response.content.decode()
    response = client.post(url, {**data, "besluit-zonder_ondertekening": "on"})
    assert response.status_code == 400  # a reason is required
    assert not Besluit.objects.exists()
    reason = "Het bestuur heeft schriftelijk bevestigd; de orthopedagoog is ziek."
    response = client.post(
        url,
        {
            **data,
            "besluit-zonder_ondertekening": "on",
            "besluit-zonder_ondertekening_reden": reason,
        },
    )
    assert response.status_code == 302
    besluit = Besluit.objects.get(aanvraag=aanvraag)
    assert besluit.ondertekening_afwijking == reason
    line = LogEntry.objects.get(aanvraag=aanvraag, action=LogEntry.Action.ONDERTEKENING_AFWIJKING)
    assert "orthopedagoog" in line.detail and "bestuur" in line.detail
    assert line.actor == loket_users["commissie"].email


def test_the_besluit_pdf_carries_the_signed_record(aanvraag, loket_users):
    for address in (ORTHO, BESTUUR):
        _sign(Client(), _link(_mail_to(address)[0]), address)
    _decide(aanvraag, loket_users["commissie"])
    aanvraag.refresh_from_db()
    text = pdf_text(documenten.render_document(aanvraag, documenten.Kind.BESLUIT))
    assert "Mede-ondertekening" in text
    for record in aanvraag.medeondertekeningen.all():
        assert record.email in text
        # WeasyPrint may break the 64 hex digits over lines: compare without spaces.
        assert record.versie_sha256 in text.replace(" ", "")
    assert "Ondertekend" in text and "orthopedagoog" in text and "bestuur" in text


def test_expired_link_wrong_code_and_used_code(aanvraag):
    record = aanvraag.medeondertekeningen.get(rol="orthopedagoog")
    link = _link(_mail_to(ORTHO)[0])
    client = Client()
    client.post(link)
    response = client.post(link + "code/", {"code": "000000"})
    good = _code(_mail_to(ORTHO)[-1])
    if good == "000000":  # one in a million
        return
    assert response.status_code == 400 and "Deze code klopt niet." in response.content.decode()
    assert LogEntry.objects.filter(action=LogEntry.Action.ONDERTEKENING_CODE_FOUT).count() == 1
    for _ in range(linkcode.MAX_CODE_TRIES - 2):
        client.post(link + "code/", {"code": "000000"})
    last = client.post(link + "code/", {"code": "000000"}).content.decode()
    assert "te vaak fout" in last
    # Used up: even the right code no longer opens it.
    response = client.post(link + "code/", {"code": good})
    assert "verlopen of al gebruikt" in response.content.decode()
    assert client.get(link + "tekenen/")["Location"] == link  # not verified
    # Past its end date the link says so, and the record is verlopen.
    Medeondertekening.objects.filter(pk=record.pk).update(
        ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    expired = Client().get(link)
    assert expired.status_code == 410 and "verlopen" in expired.content.decode()
    record.refresh_from_db()
    assert record.status == Medeondertekening.Status.VERLOPEN
    assert Client().get("/ondertekenen/bestaat-niet/").status_code == 404


def test_the_school_withdraws_an_open_link(aanvraag, loket_users, school_client):
    record = aanvraag.medeondertekeningen.get(rol="bestuur")
    url = f"/loket/aanvragen/{aanvraag.reference}/ondertekening/{record.pk}/intrekken/"
    other = login_verified(Client(), loket_users["school_b"])
    assert other.get(url).status_code == 404
    assert school_client.get(url).status_code == 200
    assert school_client.post(url).status_code == 302
    record.refresh_from_db()
    assert record.status == Medeondertekening.Status.INGETROKKEN
    closed = Client().get(_link(_mail_to(BESTUUR)[0]))
    assert closed.status_code == 410 and "ingetrokken" in closed.content.decode()
    assert "Link ingetrokken" in school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert school_client.post(url).status_code == 409  # already closed


def test_the_reminder_job_sends_a_new_link_once(aanvraag, django_capture_on_commit_callbacks):
    old_link = _link(_mail_to(ORTHO)[0])
    today = timezone.localdate()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("ondertekening_herinneren", datum=today + datetime.timedelta(4))
    assert len(_mail_to(ORTHO)) == 1  # default: after five days
    with django_capture_on_commit_callbacks(execute=True):
        assert ondertekening.remind(today + datetime.timedelta(days=5)) == 2
        assert ondertekening.remind(today + datetime.timedelta(days=6)) == 0  # only once
    reminder = _mail_to(ORTHO)[-1]
    assert reminder.subject.startswith("Herinnering") and "Geheime" not in reminder.body
    assert Client().get(old_link).status_code == 404  # replaced
    assert Client().get(_link(reminder)).status_code == 200
    assert LogEntry.objects.filter(action=LogEntry.Action.ONDERTEKENING_HERINNERD).count() == 2
    # After the end date the job expires the open links.
    assert ondertekening.expire_links(today + datetime.timedelta(days=30)) == 2
    states = {row["state"] for row in ondertekening.overview(aanvraag)}
    assert states == {ondertekening.VERLOPEN}


def test_the_configuration_names_an_email_field_of_the_form(top_page):
    wrong = Medeondertekenaar(page=top_page, rol="jeugdarts", email_veld="jeugdarts_email")
    with pytest.raises(ValidationError) as error:
        wrong.full_clean()
    message = str(error.value.message_dict["email_veld"])
    assert "heeft geen veld ‘jeugdarts_email’" in message and "bestuur_email" in message
    not_email = Medeondertekenaar(page=top_page, rol="x", email_veld="uren")
    with pytest.raises(ValidationError, match="geen e-mailveld"):
        not_email.full_clean()


def test_the_admin_refuses_a_missing_field_in_dutch(top_page, users, client):
    login_verified(client, users["formulierbeheerder"])
    url = "/admin/snippets/loket/medeondertekenaar/add/"
    data = {"page": top_page.pk, "rol": "jeugdarts", "email_veld": "bestaat_niet", "volgorde": 0}
    response = client.post(url, data)
    assert response.status_code == 200
    assert "heeft geen veld ‘bestaat_niet’" in response.content.decode()
    response = client.post(url, {**data, "email_veld": "contact_email"})
    assert response.status_code == 302
    assert Medeondertekenaar.objects.filter(page=top_page, rol="jeugdarts").exists()
