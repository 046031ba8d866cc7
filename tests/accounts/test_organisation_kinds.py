"""What each kind of organisation carries, checked where beheerders edit it: the admin's
organisation form and the organisation import (issue 31).

A school has a schooltype; a licentienaam belongs to whoever can receive a transferred
dossier (a school, or an external organisation such as CLEO with ``TOMVONK``), not to
the SWV or a bestuur.
"""

import importlib

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts.imports.resources import preview_rows, run_import
from accounts.models import Organisation, SchoolType, User
from devkit.clients import login_verified
from devkit.factories import BestuurFactory
from loket.dossiers.transfer import find_receiver

pytestmark = pytest.mark.django_db


def edit_url(organisation):
    return f"/admin/snippets/accounts/organisation/edit/{organisation.pk}/"


def post_data(organisation, **changes):
    values = {
        "kind": organisation.kind,
        "school_type": organisation.school_type,
        "name": organisation.name,
        "brin": organisation.brin,
        "licence_name": organisation.licence_name,
        "bestuur": organisation.bestuur_id or "",
        "email": organisation.email,
        "is_active": "on" if organisation.is_active else "",
        **changes,
    }
    return nested_form_data(
        {
            **values,
            "memberships": inline_formset([]),
            "consulent_assignments": inline_formset([]),
        }
    )


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser(email="super@swv.example", password="x-x-x-x-x-x-42")


@pytest.mark.parametrize("editor", ["beheerder", "superuser"])
def test_cleo_gets_its_licentienaam_in_the_admin_and_receives_transfers_by_it(
    client, users, cleo, superuser, editor, school_a
):
    login_verified(client, superuser if editor == "superuser" else users["beheerder"])
    response = client.post(edit_url(cleo), post_data(cleo, licence_name=" TOMVONK "))
    assert response.status_code == 302, response.content.decode()[:3000]
    cleo.refresh_from_db()
    assert cleo.licence_name == "TOMVONK"
    # What the licentienaam is for: a school types it to transfer a dossier to CLEO.
    assert find_receiver("tomvonk", school_a.pk) == cleo


@pytest.mark.parametrize("kind", ["bestuur", "swv"])
def test_a_bestuur_or_the_swv_gets_no_licentienaam(client, users, swv, kind):
    organisation = BestuurFactory() if kind == "bestuur" else swv
    login_verified(client, users["beheerder"])
    response = client.post(edit_url(organisation), post_data(organisation, licence_name="X"))
    assert response.status_code == 200
    assert "Alleen een school of een externe organisatie heeft een licentienaam" in (
        response.content.decode()
    )
    organisation.refresh_from_db()
    assert organisation.licence_name == ""


def test_two_receivers_cannot_share_a_licentienaam(client, users, cleo, school_a):
    login_verified(client, users["beheerder"])
    response = client.post(edit_url(cleo), post_data(cleo, licence_name=school_a.licence_name))
    assert response.status_code == 200
    assert "Een andere organisatie heeft al deze licentienaam" in response.content.decode()


def test_a_school_needs_a_schooltype_and_keeps_the_one_chosen(client, users, school_a):
    login_verified(client, users["beheerder"])
    response = client.post(edit_url(school_a), post_data(school_a, school_type=""))
    assert response.status_code == 200
    assert "Kies het schooltype van deze school." in response.content.decode()
    response = client.post(edit_url(school_a), post_data(school_a, school_type="vso"))
    assert response.status_code == 302
    school_a.refresh_from_db()
    assert school_a.school_type == SchoolType.VSO


def test_only_a_school_has_a_schooltype(client, users, cleo):
    login_verified(client, users["beheerder"])
    response = client.post(edit_url(cleo), post_data(cleo, school_type="so"))
    assert response.status_code == 200
    assert "Alleen een school heeft een schooltype." in response.content.decode()
    cleo.refresh_from_db()
    assert cleo.school_type == ""


def test_the_admin_lists_and_filters_schools_by_type(client, users, school_a, school_b):
    school_b.school_type = SchoolType.SO
    school_b.save()
    login_verified(client, users["beheerder"])
    response = client.get("/admin/snippets/accounts/organisation/?school_type=so")
    assert response.status_code == 200
    page = response.content.decode()
    assert school_b.name in page and school_a.name not in page


def test_the_import_reads_the_schooltype_and_asks_a_new_school_for_one(users):
    rows = (
        "soort;naam;brin;schooltype;bestuur\n"
        "bestuur;Stichting Noord;;;\n"
        "school;De Bolder;55EE00;SO (speciaal onderwijs);Stichting Noord\n"
        "school;De Klimop;55FF00;sbo;Stichting Noord\n"
        "extern;CLEO Noord;;;\n"
    )
    result = run_import("organisaties", rows.encode(), users["beheerder"], dry_run=False)
    assert result.committed
    assert Organisation.objects.get(brin="55EE00").school_type == SchoolType.SO
    assert Organisation.objects.get(brin="55FF00").school_type == SchoolType.SBO
    # An empty cell keeps the type an existing school has.
    again = "soort;naam;brin;schooltype\nschool;De Bolder;55EE00;\n"
    assert run_import("organisaties", again.encode(), users["beheerder"], dry_run=False).committed
    assert Organisation.objects.get(brin="55EE00").school_type == SchoolType.SO

    bad = (
        "soort;naam;brin;schooltype;bestuur;licentienaam\n"
        "school;Zonder type;55GG00;;Stichting Noord;\n"
        "school;Fout type;55HH00;lyceum;Stichting Noord;\n"
        "bestuur;Stichting Zuid;;;;ZUID\n"
    )
    result = run_import("organisaties", bad.encode(), users["beheerder"], dry_run=False)
    assert not result.committed
    errors = [" ".join(row["errors"]) for row in preview_rows(result, "organisaties")]
    assert "Kies het schooltype van deze school." in errors[0]
    assert "Onbekende schooltype ‘lyceum’" in errors[1]
    assert "Alleen een school of een externe organisatie heeft een licentienaam" in errors[2]


def test_existing_schools_get_bao_unless_their_name_says_otherwise():
    migration = importlib.import_module("accounts.migrations.0005_school_type")
    assert migration.type_from_name("Basisschool De Regenboog") == "bao"
    assert migration.type_from_name("VSO De Brug") == "vso"
    assert migration.type_from_name("SBO Het Anker") == "sbo"
    assert migration.type_from_name("School voor speciaal onderwijs De Zon") == "so"
    assert migration.type_from_name("SO-school Mozaïek") == "so"
    assert migration.type_from_name("Sonnevanck") == "bao"  # a word, not the letters
