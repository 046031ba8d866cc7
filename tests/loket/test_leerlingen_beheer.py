"""The beheerder imports a school's pupils without seeing a pupil (issue 31).

The beheerder reads no pupil data anywhere (DESIGN.md): the import page in the
Wagtail admin shows counts per outcome and, per refused row, the row number and the
Dutch reason, never a name, a date of birth or a leerlingnummer; then all or
nothing, and the logboek records who imported how many for which school.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from devkit.clients import login_verified
from loket.leerlingen.beheer_import import scrub
from loket.models import Leerling, LogEntry
from tests.loket.test_leerlingen import HEADER, csv_file
from tests.loket.test_leerlingen_edexml import edex, pupil

pytestmark = pytest.mark.django_db

URL = "/admin/leerlingen-importeren/"
ROWS = ("1001;Zoë;de;Vries;12-03-2016;5;\n", "1002;Daan;;Bakker;2015-07-01;6;\n")
PERSONAL = ("Zoë", "Vries", "Daan", "Bakker", "1001", "1002", "12-03-2016", "2015-07-01")


@pytest.fixture
def beheerder(client, loket_users):
    return login_verified(client, loket_users["beheerder"])


def _preview(client, school, upload):
    return client.post(URL, {"school": school.pk, "file": upload})


def _assert_no_pupil_data(body, words=PERSONAL):
    for word in words:
        assert word not in body, word


def test_the_beheerder_previews_counts_then_imports_all(beheerder, school_a, loket_users):
    Leerling.objects.create(school=school_a, naam="Fenna Jansen", geboortedatum="2017-01-20")
    preview = _preview(beheerder, school_a, csv_file(*ROWS))
    assert preview.status_code == 200
    body = preview.content.decode()
    _assert_no_pupil_data(body, (*PERSONAL, "Fenna", "Jansen"))
    report = preview.context["report"]
    assert (report.new, report.updated, report.left, report.refused) == (2, 0, 1, [])
    assert Leerling.objects.filter(school=school_a).count() == 1  # a preview saves nothing

    confirm = preview.context["confirm_form"]
    done = beheerder.post(f"{URL}bevestigen/", {k: confirm[k].value() for k in confirm.fields})
    assert done.status_code == 302
    pupils = Leerling.objects.filter(school=school_a)
    assert pupils.count() == 3
    assert pupils.get(naam="Fenna Jansen").vertrokken_op is not None
    after = beheerder.get(done.url).content.decode()
    assert "2 nieuw, 0 bijgewerkt, 1 vertrokken" in after
    _assert_no_pupil_data(after, (*PERSONAL, "Fenna"))
    line = LogEntry.objects.get(action=LogEntry.Action.LEERLINGEN_GEIMPORTEERD)
    assert line.user == loket_users["beheerder"] and line.dossier_id is None
    assert line.detail == f"school {school_a.pk}: 2 nieuw, 0 bijgewerkt, 1 vertrokken"

    # The same file once more: updates, never duplicates; and the confirmation is spent.
    again = _preview(beheerder, school_a, csv_file(*ROWS)).context["report"]
    assert (again.new, again.updated, again.left) == (0, 2, 0)
    spent = beheerder.post(f"{URL}bevestigen/", {k: confirm[k].value() for k in confirm.fields})
    assert spent.status_code == 302 and Leerling.objects.filter(school=school_a).count() == 3


def test_refused_rows_show_number_and_dutch_reason_without_values(beheerder, school_a):
    upload = csv_file(
        "1001;Zoë;de;Vries;31-02-2016;5;\n",  # no such date
        "1002;Daan;;Bakker;2015-07-01;6;\n",
        "1002;Daan;;Bakker;2015-07-01;6;\n",  # twice
        f"{'7' * 101};Sem;;Bos;2015-01-01;4;\n",  # a leerlingnummer too long
    )
    response = _preview(beheerder, school_a, upload)
    assert response.status_code == 400
    body = response.content.decode()
    _assert_no_pupil_data(body, (*PERSONAL, "31-02-2016", "Sem", "Bos", "7" * 31))
    refused = dict(response.context["report"].refused)
    assert set(refused) == {2, 4, 5}
    assert "Geen geldige geboortedatum" in " ".join(refused[2])
    assert refused[4] == ["Deze leerling staat twee keer in het bestand."]
    assert "leerlingnummer" in " ".join(refused[5])
    assert "Er wordt niets geïmporteerd" in body and "confirm_form" not in response.context
    assert not Leerling.objects.exists()


def test_an_edexml_export_is_imported_by_the_beheerder_too(beheerder, school_a):
    content = edex(pupil("L1", "Noor", "Visser", "2016-05-04"))
    upload = SimpleUploadedFile("edexml.xml", content, "text/xml")
    preview = _preview(beheerder, school_a, upload)
    assert preview.status_code == 200
    _assert_no_pupil_data(preview.content.decode(), ("Noor", "Visser", "2016-05-04", "L1"))
    assert preview.context["report"].new == 1


def test_a_bad_file_or_school_is_a_dutch_400(beheerder, school_a, cleo):
    bad = _preview(beheerder, school_a, csv_file("Zoë;de Vries\n", header="naam;achternaam\n"))
    assert bad.status_code == 400 and "geboortedatum" in bad.content.decode()
    not_a_school = _preview(beheerder, cleo, csv_file(*ROWS))
    assert not_a_school.status_code == 400
    assert "Kies een school uit de lijst" in not_a_school.content.decode()
    forged = beheerder.post(f"{URL}bevestigen/", {"school": school_a.pk, "upload": "../x"})
    assert forged.status_code == 302 and not Leerling.objects.exists()
    assert beheerder.get(f"{URL}bevestigen/").status_code == 405


def test_only_the_beheerder_and_the_beheerder_never_the_named_list(client, loket_users, school_a):
    """A school user (and the SWV's other roles) cannot reach the page; the beheerder
    still cannot open the school's named register."""
    # No admin at all: to the login; SWV staff without the role: to the dashboard.
    for role, to in (("school_a", "/account/inloggen/"), ("commissie", "/admin/")):
        login_verified(client, loket_users[role])
        refused = client.post(URL, {"school": school_a.pk, "file": csv_file(*ROWS)})
        assert refused.status_code == 302, role
        assert refused["Location"].split("?")[0] in (to, to.rstrip("/")), role
        assert client.get(URL).status_code == 302
    assert not Leerling.objects.exists()
    login_verified(client, loket_users["beheerder"])
    assert client.get("/loket/leerlingen/").status_code == 403
    assert client.get("/loket/leerlingen/importeren/").status_code == 403
    menu = client.get("/admin/").content.decode()
    assert URL in menu


def test_a_reason_that_quotes_a_value_is_scrubbed():
    reasons = ["naam: 'Zoë de Vries' is te lang.", "Deze leerling staat twee keer in het bestand."]
    assert scrub(reasons, ["zoë de vries", "1001"]) == [
        "naam: de waarde in deze kolom is niet geldig.",
        "Deze leerling staat twee keer in het bestand.",
    ]
    assert HEADER.startswith("leerlingnummer")
