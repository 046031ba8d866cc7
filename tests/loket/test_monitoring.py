"""The monitoring dashboard: aggregates only, small numbers suppressed, a fixed
number of queries, and an XLSX export."""

import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.db.models import Model, QuerySet
from django.urls import reverse
from django.utils import timezone

from devkit.clients import login_verified
from loket.models import Aanvraag, TopBudget, TopLedgerEntry
from loket.privacy.monitoring import figures as monitoring
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db
URL = "/admin/monitoring/"


def _make(school, user, count, prefix="Leerling"):
    return [
        make_aanvraag(school, user, naam=f"{prefix} {index}", files=[]) for index in range(count)
    ]


@pytest.fixture
def data(loket_users, school_a, school_b):
    a = _make(school_a, loket_users["school_a"], 6, "Annie")
    b = _make(school_b, loket_users["school_b"], 2, "Bert")
    now = timezone.now()
    # Five besluiten after 1, 2, 3, 4 and 10 days.
    for aanvraag, days in zip(a, [1, 2, 3, 4, 10], strict=False):
        Aanvraag.objects.filter(pk=aanvraag.pk).update(
            submitted_at=now - datetime.timedelta(days=days),
            decided_at=now,
            status=Aanvraag.Status.BESLOTEN,
        )
    budget = TopBudget.objects.create(year=now.year, amount=Decimal("200000"))
    TopLedgerEntry.objects.create(
        budget=budget,
        school=school_a,
        amount=Decimal("50000"),
        start_date=now.date(),
        end_date=now.date(),
    )
    TopLedgerEntry.objects.create(  # released again: a negative line
        budget=budget,
        school=school_a,
        amount=Decimal("-2000"),
        reden=TopLedgerEntry.Reden.GESTOPT,
        start_date=now.date(),
        end_date=now.date(),
    )
    return {"a": a, "b": b}


def _walk(value, seen=None):
    """Every object reachable through the context's containers."""
    seen = seen if seen is not None else set()
    if id(value) in seen:
        return
    seen.add(id(value))
    yield value
    if isinstance(value, dict):
        for item in value.values():
            yield from _walk(item, seen)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _walk(item, seen)


def test_figures_with_suppression_and_processing_times(client, loket_users, data):
    login_verified(client, loket_users["beheerder"])
    response = client.get(URL)
    assert response.status_code == 200
    body = response.content.decode()
    tables = dict(response.context["tables"])
    per_school = dict(tables["Per school"])
    # 8 in all: with School A's 6 shown, School B's "< 5" would be 8 - 6 = 2.
    assert per_school["School A"] == "verborgen"
    assert per_school["School B"] == "< 5"
    per_status = dict(tables["Per status"])
    assert per_status["Besloten"] == "verborgen"  # else 8 - 5 = 3
    assert per_status["Ingediend"] == "< 5"  # three
    assert per_status["Ingetrokken"] == 0
    overall = response.context["times"][0]
    assert overall[:2] == ("Alle soorten", 5)
    assert overall[2] == "3,0" and overall[3] == "10,0"  # median, 90th percentile
    # Per year: budget, booked, released, available, % in use.
    year_row = response.context["top"][0]
    assert year_row[1:] == (
        Decimal("200000"),
        Decimal("50000"),
        Decimal("2000"),
        Decimal("152000"),
        24,
    )
    assert "Vrijgegeven" in body and "Beschikbaar" in body
    assert "<svg" in body and "<rect" in body
    # Aggregates only: no pupil, no aanvraag, no model instance or queryset in the context.
    for name in ("Annie", "Bert", data["a"][0].reference):
        assert name not in body
    own = next(
        layer for context in response.context for layer in context.dicts if "tables" in layer
    )
    assert set(own) >= {"tables", "times", "top", "chart", "total"}
    for key, top_value in own.items():
        for value in _walk(top_value):
            assert not isinstance(value, Model | QuerySet), (key, value)


def test_small_numbers_and_percentiles():
    assert [monitoring.shown(n) for n in (0, 1, 4, 5)] == [0, "< 5", "< 5", 5]
    assert monitoring.percentile([1, 2, 3, 4, 10], 0.9) == 10
    assert monitoring.percentile(list(range(1, 21)), 0.9) == 18


def test_processing_times_of_fewer_than_five_are_suppressed(loket_users, school_b):
    aanvragen = _make(school_b, loket_users["school_b"], 2)
    Aanvraag.objects.filter(pk__in=[a.pk for a in aanvragen]).update(decided_at=timezone.now())
    assert monitoring.processing_times(Aanvraag.objects.all())[0][1:] == ("< 5", "< 5", "")


def test_query_count_does_not_grow(client, loket_users, school_a, django_assert_num_queries, data):
    login_verified(client, loket_users["commissie"])
    client.get(URL)  # warm the session and the user's memberships
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(URL).status_code == 200
    _make(school_a, loket_users["school_a"], 7, "Extra")
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(URL).status_code == 200


def test_xlsx_export_and_year_filter(client, loket_users, data):
    login_verified(client, loket_users["consulent"])
    response = client.get(reverse("monitoring:export"))
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert "Per school" in book.sheetnames and "Doorlooptijden" in book.sheetnames
    rows = {row[0]: row[1] for row in book["Per school"].iter_rows(values_only=True)}
    assert rows["School B"] == "< 5"
    top = list(book["TOP-budget"].iter_rows(values_only=True))
    assert top[0] == ("Jaar", "Budget", "Geboekt", "Vrijgegeven", "Beschikbaar", "Gebruikt (%)")
    assert top[1][1:] == (200000, 50000, 2000, 152000, 24)
    assert "Annie 0" not in str([c.value for s in book for r in s.iter_rows() for c in r])
    assert client.get(URL, {"jaar": "1999"}).status_code == 400
    assert client.get(URL, {"jaar": "abc"}).status_code == 400
    assert client.get(reverse("monitoring:export"), {"jaar": "x"}).status_code == 400
    empty = client.get(URL, {"jaar": "2001"})
    assert empty.status_code == 200 and empty.context["total"] == 0


def test_only_swv_roles_see_it(client, users):
    for role in ("redacteur", "formulierbeheerder"):
        client.logout()
        login_verified(client, users[role])
        assert client.get(URL).status_code == 302
    client.logout()
    login_verified(client, users["school_a"])
    assert client.get(URL).status_code == 302
