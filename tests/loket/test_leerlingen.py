"""The pupil register (issue 31): one pupil, one dossier, from the school's own administration.

The memo's promise: "1 kind, 1 plan". A typo-free but differently written name
("Zoë" / "Zoe", a double space, other capitals) must not make a second pupil; a
re-import updates and never duplicates; a pupil who left is marked, not deleted.
"""

import datetime
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from devkit.clients import login_verified
from loket.models import Dossier, Leerling, LogEntry
from loket.names import name_key
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db

HEADER = "leerlingnummer;roepnaam;tussenvoegsel;achternaam;geboortedatum;groep;bsn\n"


def csv_file(*rows, header=HEADER):
    return SimpleUploadedFile("leerlingen.csv", (header + "".join(rows)).encode(), "text/csv")


def preview(client, school, upload):
    return client.post("/loket/leerlingen/importeren/", {"school": school.pk, "file": upload})


def confirm(client, response):
    form = response.context["confirm_form"]
    return client.post("/loket/leerlingen/importeren/bevestigen/", form.initial)


def test_the_name_key_ignores_case_spacing_and_accents():
    assert name_key("Zoë  de Vries") == name_key("zoe de vries") == "zoe de vries"
    assert name_key(" Jan-Willem  Öztürk ") == "jan willem ozturk"
    assert name_key("Zoë de Vries") != name_key("Zoë de Vries-Bakker")


def test_a_differently_written_name_finds_the_same_dossier(school_a, loket_users):
    first = make_aanvraag(school_a, loket_users["school_a"], naam="Zoë de Vries")
    second = make_aanvraag(school_a, loket_users["school_a"], naam="  zoe  DE vries ")
    assert first.dossier_id == second.dossier_id
    assert Leerling.objects.filter(school=school_a).count() == 1
    assert Leerling.objects.get().naam == "Zoë de Vries"  # the first spelling is kept


def test_another_date_of_birth_is_another_child(school_a, loket_users):
    make_aanvraag(school_a, loket_users["school_a"], naam="Zoë de Vries")
    make_aanvraag(
        school_a, loket_users["school_a"], naam="Zoë de Vries", geboortedatum="2016-03-04"
    )
    assert Dossier.objects.filter(school=school_a).count() == 2


def test_import_shows_a_preview_first_and_saves_nothing(school_client, school_a):
    upload = csv_file(
        "1001;Zoë;de;Vries;12-03-2016;5;123456789\n", "1002;Daan;;Bakker;2015-07-01;6;\n"
    )
    response = preview(school_client, school_a, upload)
    assert response.status_code == 200
    assert "Nieuw: 2" in response.content.decode()
    assert not Leerling.objects.exists()
    assert confirm(school_client, response).status_code == 302
    pupils = {p.leerlingnummer: p for p in Leerling.objects.filter(school=school_a)}
    assert pupils["1001"].naam == "Zoë de Vries"
    assert pupils["1001"].geboortedatum == datetime.date(2016, 3, 12)
    assert pupils["1002"].groep == "6"


def test_only_the_fields_the_portal_needs_are_kept(school_client, school_a):
    """Data minimisation: the file's BSN column is not read, and nothing holds it."""
    response = preview(
        school_client, school_a, csv_file("1001;Zoë;de;Vries;12-03-2016;5;123456789\n")
    )
    confirm(school_client, response)
    pupil = Leerling.objects.values().get()
    assert "123456789" not in str(pupil)


def test_reimport_updates_never_duplicates_and_marks_who_left(school_client, school_a, loket_users):
    first = csv_file("1001;Zoë;de;Vries;12-03-2016;5;\n", "1002;Daan;;Bakker;2015-07-01;6;\n")
    confirm(school_client, preview(school_client, school_a, first))
    user = loket_users["school_a"]
    dossier = make_aanvraag(school_a, user, naam="Daan Bakker", geboortedatum="2015-07-01").dossier
    # Next year: Zoë is in groep 6, Daan has left the school, Fenna is new.
    second = csv_file("1001;Zoë;de;Vries;12-03-2016;6;\n", "1003;Fenna;;Jansen;2017-01-20;3;\n")
    response = preview(school_client, school_a, second)
    body = response.content.decode()
    assert "Nieuw: 1 · bijwerken: 1 · vertrokken: 1" in body
    assert "Daan Bakker" in body
    confirm(school_client, response)
    assert Leerling.objects.filter(school=school_a).count() == 3
    zoe = Leerling.objects.get(leerlingnummer="1001")
    assert zoe.groep == "6" and zoe.vertrokken_op is None
    daan = Leerling.objects.get(leerlingnummer="1002")
    assert daan.vertrokken_op is not None
    assert Dossier.objects.filter(pk=dossier.pk, leerling=daan).exists()  # not deleted
    # Each import is in the logboek: who, for which school, how many; never a name.
    lines = LogEntry.objects.filter(action=LogEntry.Action.LEERLINGEN_GEIMPORTEERD)
    assert [line.detail for line in lines.order_by("pk")] == [
        f"school {school_a.pk}: 2 nieuw, 0 bijgewerkt, 0 vertrokken",
        f"school {school_a.pk}: 1 nieuw, 1 bijgewerkt, 1 vertrokken",
    ]
    assert {line.user for line in lines} == {user}


def test_a_pupil_typed_in_an_aanvraag_gets_the_number_from_the_import(
    school_client, school_a, loket_users
):
    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], naam="Zoe de Vries", geboortedatum="2016-03-12"
    )
    confirm(
        school_client,
        preview(school_client, school_a, csv_file("1001;Zoë;de;Vries;12-03-2016;5;\n")),
    )
    pupil = Leerling.objects.get()
    assert pupil.pk == aanvraag.dossier.leerling_id
    assert pupil.leerlingnummer == "1001"


def test_a_bad_row_is_reported_in_dutch_and_nothing_is_imported(school_client, school_a):
    upload = csv_file(
        "1001;Zoë;de;Vries;12-03-2016;5;\n",
        "1002;Daan;;Bakker;31-02-2015;6;\n",
        "1001;Zoë;de;Vries;12-03-2016;5;\n",
    )
    response = preview(school_client, school_a, upload)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Geen geldige geboortedatum" in body
    assert "Deze leerling staat twee keer in het bestand." in body
    assert "confirm_form" not in response.context
    assert not Leerling.objects.exists()


def test_a_file_without_a_date_column_is_refused(school_client, school_a):
    response = preview(
        school_client, school_a, csv_file("Zoë;de Vries\n", header="naam;achternaam\n")
    )
    assert response.status_code == 400
    assert "Deze kolommen ontbreken in de eerste regel: geboortedatum." in response.content.decode()


def test_an_excel_export_is_read_too(school_client, school_a):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Leerlingnummer", "Naam", "Geboortedatum", "Groep"])
    sheet.append(["2001", "Sem Visser", datetime.datetime(2014, 9, 30), "8"])
    content = io.BytesIO()
    book.save(content)
    upload = SimpleUploadedFile("export.xlsx", content.getvalue())
    confirm(school_client, preview(school_client, school_a, upload))
    assert Leerling.objects.get().geboortedatum == datetime.date(2014, 9, 30)


def test_a_school_sees_and_imports_only_its_own_pupils(client, loket_users, school_a, school_b):
    Leerling.objects.create(school=school_b, naam="Leerling Van B", geboortedatum="2015-01-01")
    login_verified(client, loket_users["school_a"])
    assert "Leerling Van B" not in client.get("/loket/leerlingen/").content.decode()
    # School B is not a choice for school A's user: the form refuses it.
    upload = csv_file("1;Iemand;;Anders;01-01-2015;4;\n")
    assert preview(client, school_b, upload).status_code == 400
    assert not Leerling.objects.filter(school=school_b, naam="Iemand Anders").exists()
    login_verified(client, loket_users["consulent"])
    assert client.get("/loket/leerlingen/").status_code == 403


def test_the_register_costs_the_same_queries_at_5_and_at_60_pupils(school_client, school_a):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert school_client.get("/loket/leerlingen/").status_code == 200
        return len(queries)

    Leerling.objects.bulk_create(
        Leerling(
            school=school_a,
            naam=f"Leerling {i}",
            naam_sleutel=f"leerling {i}",
            geboortedatum="2015-01-01",
        )
        for i in range(5)
    )
    count()  # the first request of a session reads more (session, device)
    small = count()
    Leerling.objects.bulk_create(
        Leerling(
            school=school_a, naam=f"Kind {i}", naam_sleutel=f"kind {i}", geboortedatum="2015-01-01"
        )
        for i in range(55)
    )
    assert count() == small


def test_long_numbers_are_kept_whole_and_a_too_long_one_is_refused(school_client, school_a):
    """EDEXML keys can be long: two numbers that share their first 30 characters are two
    pupils, and a number over 100 characters is a row error, never silently cut."""
    prefix = "x" * 40
    rows = (
        f"{prefix}1;Ada;;Bakker;01-02-2016;3;\n",
        f"{prefix}2;Bram;;Smit;02-02-2016;3;\n",
    )
    confirm(school_client, preview(school_client, school_a, csv_file(*rows)))
    assert Leerling.objects.filter(school=school_a, leerlingnummer__startswith=prefix).count() == 2
    response = preview(school_client, school_a, csv_file(f"{'9' * 101};Cas;;Weg;03-02-2016;3;\n"))
    assert response.status_code == 400
    assert "100" in response.content.decode()
