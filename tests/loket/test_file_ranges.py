"""The loket's private files answer HTTP range requests (issue 28), after the same checks.

A PDF viewer reads a large scan in parts and a broken download resumes
(``cms.files.ranges.serve_private_file``). Who may see a file does not change: a user
of another school, an externe without a grant and an anonymous visitor get what they
got before, Range header or not; a restricted dossier (AVG art. 18) stays a 403.
Every response that hands over bytes is a logged download; a 416 or 304 is not.
"""

import pytest
from django.utils import timezone

from devkit.clients import login_verified
from loket.models import Dossier, LogEntry
from tests.loket.helpers import PDF, make_aanvraag

pytestmark = pytest.mark.django_db


@pytest.fixture
def aanvraag(loket_users, school_a):
    return make_aanvraag(school_a, loket_users["school_a"])


def _url(aanvraag):
    return f"/loket/aanvragen/{aanvraag.reference}/bijlagen/{aanvraag.bijlagen.get().pk}/"


def _body(response):
    return b"".join(response.streaming_content)


def _downloads(aanvraag):
    return LogEntry.objects.filter(aanvraag=aanvraag, action=LogEntry.Action.DOWNLOAD).count()


def test_a_bijlage_offers_ranges_and_answers_one(client, loket_users, aanvraag):
    login_verified(client, loket_users["school_a"])
    whole = client.get(_url(aanvraag))
    assert whole.status_code == 200
    assert whole["Accept-Ranges"] == "bytes" and whole["Content-Length"] == str(len(PDF))
    assert whole["Content-Type"] == "application/pdf"
    assert whole["Content-Disposition"].startswith("attachment;")
    assert whole["X-Content-Type-Options"] == "nosniff"
    assert _body(whole) == PDF

    part = client.get(_url(aanvraag), HTTP_RANGE="bytes=5-14")
    assert part.status_code == 206
    assert part["Content-Range"] == f"bytes 5-14/{len(PDF)}"
    assert part["Content-Length"] == "10"
    assert _body(part) == PDF[5:15]
    assert part["Content-Disposition"] == whole["Content-Disposition"]

    tail = client.get(_url(aanvraag), HTTP_RANGE="bytes=-4")
    assert tail.status_code == 206 and _body(tail) == PDF[-4:]
    assert _downloads(aanvraag) == 3

    beyond = client.get(_url(aanvraag), HTTP_RANGE=f"bytes={len(PDF)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(PDF)}"
    assert _downloads(aanvraag) == 3  # nothing handed over, nothing logged


def test_if_range_resumes_only_the_same_version(client, loket_users, aanvraag):
    login_verified(client, loket_users["school_a"])
    etag = client.get(_url(aanvraag))["ETag"]
    assert etag == f'"{aanvraag.bijlagen.get().sha256}"'

    same = client.get(_url(aanvraag), HTTP_RANGE="bytes=10-", HTTP_IF_RANGE=etag)
    assert same.status_code == 206 and _body(same) == PDF[10:]

    older = client.get(_url(aanvraag), HTTP_RANGE="bytes=10-", HTTP_IF_RANGE='"iets-anders"')
    assert older.status_code == 200 and _body(older) == PDF

    unchanged = client.get(_url(aanvraag), HTTP_IF_NONE_MATCH=etag)
    assert unchanged.status_code == 304


def test_a_range_opens_no_door(client, loket_users, aanvraag):
    url = _url(aanvraag)
    anonymous = client.get(url, HTTP_RANGE="bytes=0-9")
    assert anonymous.status_code == 302 and "/account/inloggen/" in anonymous["Location"]
    for who in ("school_b", "externe"):
        login_verified(client, loket_users[who])
        response = client.get(url, HTTP_RANGE="bytes=0-9")
        assert response.status_code == 404, who
        assert "Content-Range" not in response, who
        client.logout()
    assert _downloads(aanvraag) == 0


def test_a_restricted_dossier_refuses_a_range_too(client, loket_users, aanvraag):
    Dossier.objects.filter(pk=aanvraag.dossier_id).update(beperkt_sinds=timezone.now())
    login_verified(client, loket_users["school_a"])
    response = client.get(_url(aanvraag), HTTP_RANGE="bytes=0-9")
    assert response.status_code == 403
    assert "Verwerking beperkt" in response.content.decode()
    assert "Content-Range" not in response
    assert _downloads(aanvraag) == 0


def test_the_ontvangstbevestiging_pdf_answers_a_range(client, loket_users, aanvraag):
    url = f"/loket/aanvragen/{aanvraag.reference}/documenten/ontvangstbevestiging/"
    login_verified(client, loket_users["school_b"])
    assert client.get(url, HTTP_RANGE="bytes=0-3").status_code == 404
    client.logout()
    login_verified(client, loket_users["school_a"])
    whole = client.get(url)
    assert whole.status_code == 200 and whole["Accept-Ranges"] == "bytes"
    pdf = _body(whole)
    part = client.get(url, HTTP_RANGE="bytes=0-3")
    assert part.status_code == 206 and _body(part) == pdf[:4] == b"%PDF"
    assert part["Content-Range"] == f"bytes 0-3/{len(pdf)}"
