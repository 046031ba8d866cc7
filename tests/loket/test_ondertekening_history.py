"""Mede-ondertekening, the rest of issue 26: the history per party after the school asked
again (earlier requests with their state and reason, for school and SWV), the
commissie's override in the logboek and on the aanvraag pages, and a rate-limit page
that speaks of the ondertekening on the co-signer's URLs."""

import datetime

from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from devkit.clients import login_verified
from loket.instemming import ondertekening
from loket.lifecycle import services
from loket.models import LogEntry, Medeondertekening
from tests.loket import test_ondertekening as cosign
from tests.loket.test_ondertekening import BESTUUR, _link, _mail_to, _sign

# The co-signing fixtures of the first test module: the demo TOP form with its two
# parties and a submitted aanvraag that asked both.
top_page, aanvraag, _fresh_rate_limits = cosign.top_page, cosign.aanvraag, cosign._fresh_rate_limits

REASON = "Het bedrag voor dit schooljaar is al vergeven."


def _again(client, aanvraag, record, capture):
    url = f"/loket/aanvragen/{aanvraag.reference}/ondertekening/{record.pk}/opnieuw/"
    with capture(execute=True):
        assert client.post(url, {"email": record.email}).status_code == 302


def test_earlier_requests_per_party_for_school_and_swv(
    aanvraag, loket_users, school_client, client, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    # The bestuur declines with a reason; the school asks again.
    _sign(Client(), _link(_mail_to(BESTUUR)[0]), BESTUUR, antwoord="weigeren", reden=REASON)
    _again(school_client, aanvraag, aanvraag.medeondertekeningen.get(rol="bestuur"), capture)
    # The orthopedagoog's link is withdrawn, asked again; that one expires, asked again.
    ortho = aanvraag.medeondertekeningen.get(rol="orthopedagoog")
    revoke = f"/loket/aanvragen/{aanvraag.reference}/ondertekening/{ortho.pk}/intrekken/"
    assert school_client.post(revoke).status_code == 302
    _again(school_client, aanvraag, ortho, capture)
    second = aanvraag.medeondertekeningen.filter(rol="orthopedagoog").last()
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    Medeondertekening.objects.filter(pk=second.pk).update(ends_on=yesterday)
    assert ondertekening.expire_links() == 1
    _again(school_client, aanvraag, second, capture)

    rows = {row["rol"]: row for row in ondertekening.overview(aanvraag)}
    assert [old["state"] for old in rows["orthopedagoog"]["earlier"]] == [
        ondertekening.VERLOPEN,
        ondertekening.INGETROKKEN,
    ]  # newest first
    assert [old["state"] for old in rows["bestuur"]["earlier"]] == [ondertekening.GEWEIGERD]
    assert rows["bestuur"]["state"] == ondertekening.GEVRAAGD  # the newest request

    school_page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    login_verified(client, loket_users["consulent"])
    admin_page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    for page in (school_page, admin_page):
        earlier = page.split('id="ondertekening-eerder-kop"', 1)[1].split("</section>", 1)[0]
        assert "Eerdere verzoeken" in page
        assert "Link ingetrokken" in earlier and "Link verlopen" in earlier
        assert "Niet ondertekend" in earlier and REASON in earlier
        assert "link werkte t/m " + date_format(yesterday, "j F Y") in earlier
        assert earlier.count("<li") == 3


def test_without_earlier_requests_no_history(aanvraag, school_client):
    page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Mede-ondertekening" in page and "Eerdere verzoeken" not in page


def test_the_override_is_in_the_logboek_and_on_the_pages(aanvraag, loket_users, school_client):
    reason = "De orthopedagoog is langdurig ziek; het bestuur bevestigde per brief."
    ondertekening_besluit = {
        "uitkomst": "afgewezen",
        "motivering": "Past niet in het kader.",
        "zonder_ondertekening": True,
        "zonder_ondertekening_reden": reason,
    }
    _besluit, warnings = services.decide(
        aanvraag, loket_users["commissie"], **ondertekening_besluit
    )
    assert warnings
    line = LogEntry.objects.get(aanvraag=aanvraag, action=LogEntry.Action.ONDERTEKENING_AFWIJKING)
    assert line.detail == (
        "zonder handtekening van: orthopedagoog, bestuur; reden vastgelegd bij het besluit"
    )
    assert reason not in line.detail  # free text stays out of the append-only logboek
    page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Besluit zonder alle mede-ondertekeningen" in page  # the logboek line
    assert "Besloten zonder alle handtekeningen" in page and reason in page  # the besluit


def test_the_rate_limit_page_of_the_cosign_link_speaks_of_ondertekening(db):
    client = Client()
    statuses = [client.get("/ondertekenen/bestaat-niet/").status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30 and statuses[30] == 429
    response = client.get("/ondertekenen/bestaat-niet/code/")
    body = response.content.decode()
    assert response.status_code == 429 and response["Retry-After"]
    assert (
        '<h1 class="utrecht-heading-1">Mede-ondertekening</h1>' in body and "Instemming" not in body
    )
    assert "Te veel verzoeken" in body
