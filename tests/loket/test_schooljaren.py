"""School years and thuiszitters (issue 31).

The kennisbank article "TOP dossier - schooljaarovergang": "Bij de start van het
nieuwe schooljaar dienen de oude openstaande TOP dossiers te worden afgesloten en
actuele TOP dossiers te worden overgezet naar het nieuwe schooljaar" and "Rond eerst
de TOP dossiers van leerlingen af, die niet meer op school staan ingeschreven".
The memo: monitoring of "thuiszittende leerlingen", anonymised.
"""

import datetime
import io

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Role
from devkit.clients import login_verified
from loket.leerlingen import schooljaren
from loket.leerlingen.schooljaren import school_year
from loket.models import Groepsplaatsing, Leerling, LogEntry, Thuiszitter
from loket.privacy.monitoring import figures
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db


def pupil(school, naam, groep, year=2025, **extra):
    made = Leerling.objects.create(
        school=school, naam=naam, geboortedatum=datetime.date(2016, 5, 1), **extra
    )
    schooljaren.place(made, groep, year)
    return made


def test_a_school_year_runs_from_august_to_july():
    assert school_year(datetime.date(2026, 7, 31)) == 2025
    assert school_year(datetime.date(2026, 8, 1)) == 2026
    assert schooljaren.next_groep("3") == "4"
    assert schooljaren.next_groep("8") is None  # leaves primary school
    assert schooljaren.next_groep("SO-klas B") == "SO-klas B"  # set by the next import


def test_the_overgang_moves_pupils_keeps_last_year_and_lists_dossiers_to_close(
    client, school_a, school_b, loket_users
):
    ada = pupil(school_a, "Ada Bakker", "4")
    bram = pupil(school_a, "Bram Smit", "8")
    gone = make_aanvraag(school_a, loket_users["school_a"], naam="Cas Weg").dossier
    Leerling.objects.filter(pk=gone.leerling_id).update(vertrokken_op=datetime.date(2026, 3, 1))
    other = pupil(school_b, "Dirk de Boer", "4")
    login_verified(client, loket_users["school_a"])

    url = reverse("loket:schooljaarovergang")
    preview = client.get(url, {"school": school_a.pk, "schooljaar": school_year()})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "Ada Bakker" in page and "Verlaat de school" in page
    assert reverse("loket:archiveren", args=[gone.pk]) in page  # "rond eerst af"
    assert "Dirk de Boer" not in page
    ada.refresh_from_db()
    assert ada.groep == "4"  # the preview saved nothing

    done = client.post(url, {"school": school_a.pk, "schooljaar": school_year()})
    assert done.status_code == 302
    ada.refresh_from_db(), bram.refresh_from_db(), other.refresh_from_db()
    assert (ada.groep, ada.schooljaar) == ("5", school_year())
    assert set(ada.groepsplaatsingen.values_list("schooljaar", "groep")) == {
        (2025, "4"),
        (school_year(), "5"),
    }
    assert bram.vertrokken_op == datetime.date(school_year(), 7, 31)
    assert other.groep == "4"  # another school's pupils are not touched

    again = schooljaren.plan_transition(school_a, school_year())
    assert again.is_empty  # a second run changes nothing
    assert {d.pk for d in again.to_archive} >= {gone.pk}


def test_a_school_cannot_run_the_overgang_of_another_school(
    client, school_a, school_b, loket_users
):
    kees = pupil(school_b, "Kees Jansen", "2")
    login_verified(client, loket_users["school_a"])
    url = reverse("loket:schooljaarovergang")
    response = client.post(url, {"school": school_b.pk, "schooljaar": school_year()})
    assert response.status_code == 400
    kees.refresh_from_db()
    assert kees.groep == "2"


def test_an_import_keeps_the_groep_per_school_year(school_a):
    from loket.leerlingen import imports

    with time_machine.travel(datetime.date(2026, 6, 1)):
        imports.run(school_a, b"naam;geboortedatum;groep\nEva Mol;01-02-2017;3\n", dry_run=False)
    with time_machine.travel(datetime.date(2026, 9, 1)):
        imports.run(school_a, b"naam;geboortedatum;groep\nEva Mol;01-02-2017;4\n", dry_run=False)
    eva = Leerling.objects.get(school=school_a)
    assert (eva.groep, eva.schooljaar) == ("4", 2026)
    assert set(Groepsplaatsing.objects.values_list("schooljaar", "groep")) == {
        (2025, "3"),
        (2026, "4"),
    }


def test_the_command_shows_first_and_changes_only_when_asked(school_a):
    ada = pupil(school_a, "Ada Bakker", "6")
    out = io.StringIO()
    call_command("schooljaarovergang", schooljaar=school_year(), stdout=out)
    ada.refresh_from_db()
    assert ada.groep == "6" and "niets gewijzigd" in out.getvalue()
    assert "Ada" not in out.getvalue()  # counts only
    call_command("schooljaarovergang", schooljaar=school_year(), uitvoeren=True, stdout=out)
    ada.refresh_from_db()
    assert ada.groep == "7"


def test_school_and_consulent_report_a_thuiszitter_and_monitoring_counts_it(
    client, school_a, loket_users
):
    dossier = make_aanvraag(school_a, loket_users["school_a"], naam="Fenna Vos").dossier
    leerling = dossier.leerling
    url = reverse("loket:thuiszitten", args=[leerling.pk])
    login_verified(client, loket_users["consulent"])  # assigned to school A
    today = datetime.date.today()
    response = client.post(url, {"vanaf": today.isoformat(), "reden": "wachtlijst"})
    assert response.status_code == 302
    period = Thuiszitter.objects.get(leerling=leerling)
    assert period.gemeld_door == loket_users["consulent"]
    line = LogEntry.objects.get(action=LogEntry.Action.THUISZITTEN)
    assert line.dossier_id == dossier.pk and "wachtlijst" not in line.detail

    overlapping = client.post(url, {"vanaf": today.isoformat(), "reden": "zorg"})
    assert overlapping.status_code == 409
    assert "al een thuiszitperiode" in overlapping.content.decode()

    assert figures.thuiszitters()["total"] == 1
    assert figures.figures()["thuiszitters"] == "< 5"  # small-number suppression

    login_verified(client, loket_users["school_a"])
    end_url = reverse("loket:thuiszitten_einde", args=[leerling.pk, period.pk])
    assert client.post(end_url, {"tot": "gisteren"}).status_code == 400
    assert client.post(end_url, {"tot": today.isoformat()}).status_code == 302
    period.refresh_from_db()
    assert period.tot == today
    assert figures.thuiszitters()["total"] == 0


def test_others_cannot_see_or_report_a_pupil_at_home(
    client, school_a, loket_users, make_user, cleo
):
    leerling = make_aanvraag(school_a, loket_users["school_a"], naam="Geheim Kind").dossier.leerling
    url = reverse("loket:thuiszitten", args=[leerling.pk])
    for who in (
        loket_users["school_b"],
        loket_users["commissie"],
        make_user(Role.EXTERNE, cleo, email="x@cleo.example"),
    ):
        login_verified(client, who)
        assert client.get(url).status_code == 404
        assert client.post(url, {"vanaf": "2026-01-05", "reden": "zorg"}).status_code == 404
    assert not Thuiszitter.objects.exists()


def test_the_overgang_preview_costs_the_same_queries_for_3_or_30_pupils(
    client, school_a, loket_users
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login_verified(client, loket_users["school_a"])
    url = reverse("loket:schooljaarovergang")
    client.get(url)  # the session's first request reads more (the user, the device)
    counts = []
    for total in (3, 30):
        while Leerling.objects.filter(school=school_a).count() < total:
            n = Leerling.objects.count()
            pupil(school_a, f"Kind {n}", str(8 - n % 8))  # a leaver in both
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"school": school_a.pk, "schooljaar": school_year()})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_the_beheerder_runs_the_overgang_seeing_counts_not_pupils(
    client, school_a, school_b, loket_users
):
    ada = pupil(school_a, "Ada Bakker", "4")
    bram = pupil(school_b, "Bram Smit", "8")
    login_verified(client, loket_users["beheerder"])
    page = client.get("/admin/schooljaarovergang/")
    assert page.status_code == 200
    body = page.content.decode()
    assert school_a.name in body and "Ada" not in body and "Bram" not in body
    done = client.post("/admin/schooljaarovergang/uitvoeren/", {"schooljaar": school_year()})
    assert done.status_code == 302
    ada.refresh_from_db(), bram.refresh_from_db()
    assert ada.groep == "5" and bram.vertrokken_op is not None
    assert "Ada" not in client.get(done.url).content.decode()

    login_verified(client, loket_users["commissie"])
    refused = client.post(
        "/admin/schooljaarovergang/uitvoeren/", {"schooljaar": school_year(), "school": school_a.pk}
    )
    assert refused.status_code == 302 and refused["Location"] == "/admin/"
