"""Exporting the inbox's filtered aanvragen to XLSX and CSV."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from devkit.clients import login_verified
from loket.lifecycle import services
from loket.models import LogEntry
from loket.staff.export import neutralise
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db

URL = "/admin/loket/export/"


@pytest.fixture
def aanvragen(loket_users, school_a, school_b):
    a1 = make_aanvraag(school_a, loket_users["school_a"], naam='=HYPERLINK("http://x")')
    a2 = make_aanvraag(school_a, loket_users["school_a"], naam="Bas Bakker")
    services.take_in(a2, loket_users["consulent"])
    b1 = make_aanvraag(school_b, loket_users["school_b"], naam="Carmen van B")
    return {"a1": a1, "a2": a2, "b1": b1}


def _csv(response):
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(response.content.decode())))


def _xlsx(response):
    assert response.status_code == 200, response.status_code
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_formula_starts_are_neutralised(start):
    assert neutralise(f"{start}1+1") == f"'{start}1+1"
    assert neutralise("Bas") == "Bas"
    assert neutralise("") == ""


def test_xlsx_neutralises_a_formula_in_a_pupil_name(client, loket_users, aanvragen):
    login_verified(client, loket_users["commissie"])
    rows = _xlsx(client.get(URL, {"formaat": "xlsx"}))
    header, *body = rows
    assert header[:3] == ["Kenmerk", "Leerling", "Geboortedatum"]
    names = {row[1] for row in body}
    assert '\'=HYPERLINK("http://x")' in names
    assert not any(str(cell).startswith("=") for row in body for cell in row if cell)
    assert len(body) == 3


def test_csv_respects_the_inbox_filters_and_the_consulents_schools(client, loket_users, aanvragen):
    login_verified(client, loket_users["commissie"])
    rows = _csv(client.get(URL, {"formaat": "csv", "status": "in_behandeling"}))
    assert [row[0] for row in rows[1:]] == [aanvragen["a2"].reference]
    client.logout()
    login_verified(client, loket_users["consulent"])  # assigned to school A only
    rows = _csv(client.get(URL, {"formaat": "csv"}))
    references = {row[0] for row in rows[1:]}
    assert references == {aanvragen["a1"].reference, aanvragen["a2"].reference}
    assert "Carmen van B" not in str(rows)
    rows = _csv(client.get(URL, {"formaat": "csv", "q": "bas"}))
    assert [row[1] for row in rows[1:]] == ["Bas Bakker"]


def test_the_beheerder_exports_no_aanvragen(client, loket_users, aanvragen):
    """DESIGN.md: the beheerder reads no pupil data, aggregated figures are theirs. Rows of
    aanvragen are pupil data even without names (school, type and dates identify)."""
    login_verified(client, loket_users["beheerder"])
    response = client.get(URL, {"formaat": "csv"})
    assert response.status_code in (302, 403)
    assert "Content-Disposition" not in response
    assert not LogEntry.objects.filter(action=LogEntry.Action.EXPORT).exists()


def test_each_export_is_logged_without_names(client, loket_users, aanvragen):
    login_verified(client, loket_users["commissie"])
    client.get(URL, {"formaat": "csv", "status": "ingediend", "q": "Bakker"})
    line = LogEntry.objects.get(action=LogEntry.Action.EXPORT)
    assert line.detail.startswith("csv, 0 rijen, ")
    assert "status=ingediend" in line.detail and "zoekterm" in line.detail
    assert "Bakker" not in line.detail
    assert line.dossier_id is None and line.aanvraag_id is None


def test_bad_input_is_a_400_and_others_are_refused(client, loket_users, aanvragen):
    login_verified(client, loket_users["commissie"])
    assert client.get(URL, {"formaat": "pdf"}).status_code == 400
    assert client.get(URL, {"formaat": "csv", "status": "onzin"}).status_code == 400
    assert client.get(URL, {"formaat": "csv", "school": "abc"}).status_code == 400
    client.logout()
    login_verified(client, loket_users["redacteur"])
    assert client.get(URL, {"formaat": "csv"}).status_code == 302  # Wagtail: no permission


def test_the_inbox_offers_the_export_with_its_filters(client, loket_users, aanvragen):
    login_verified(client, loket_users["commissie"])
    page = client.get(reverse("loket_admin:index"), {"status": "ingediend"})
    assert "/admin/loket/export/?status=ingediend&amp;formaat=xlsx" in page.content.decode()


def test_query_count_does_not_grow_with_rows(
    client, loket_users, school_a, django_assert_max_num_queries
):
    login_verified(client, loket_users["commissie"])
    for index in range(2):
        make_aanvraag(school_a, loket_users["school_a"], naam=f"Leerling {index}")
    # 15: the export's logboek line costs four (chain head created if new, locked, moved; the line).
    with django_assert_max_num_queries(15) as small:
        client.get(URL, {"formaat": "xlsx"})
    for index in range(8):
        make_aanvraag(school_a, loket_users["school_a"], naam=f"Leerling extra {index}")
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(URL, {"formaat": "xlsx"})
