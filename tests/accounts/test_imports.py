"""Imports of organisations, users with memberships and consulent assignments:
dry-run preview with Dutch per-row errors, and all or nothing."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts.imports.resources import run_import
from accounts.models import ConsulentAssignment, Membership, Organisation, Role, User
from devkit.clients import login_verified

pytestmark = pytest.mark.django_db

ORGANISATIONS = (
    "soort;naam;brin;schooltype;licentienaam;bestuur;email\n"
    "bestuur;Stichting Nieuw;;;;;bestuur@nieuw.example\n"
    "school;Basisschool De Eik;12ab00;bao;De Eik;Stichting Nieuw;\n"
    "extern;Jeugdzorg Oost;;;;;\n"
)


def _counts():
    return (
        Organisation.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        ConsulentAssignment.objects.count(),
    )


def _xlsx(rows):
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_organisations_dry_run_writes_nothing_then_imports(users):
    before = _counts()
    preview = run_import("organisaties", ORGANISATIONS.encode(), users["beheerder"])
    assert _counts() == before
    assert [row.import_type for row in preview.rows] == ["new", "new", "new"]
    result = run_import("organisaties", ORGANISATIONS.encode(), users["beheerder"], dry_run=False)
    assert result.committed
    school = Organisation.objects.get(brin="12AB00")
    assert school.licence_name == "De Eik"
    assert school.bestuur.name == "Stichting Nieuw"
    assert Organisation.objects.filter(kind="extern", name="Jeugdzorg Oost").exists()
    # Importing again updates, by BRIN and by soort + name.
    again = run_import("organisaties", ORGANISATIONS.encode(), users["beheerder"], dry_run=False)
    assert [row.import_type for row in again.rows] == ["update", "update", "update"]
    assert Organisation.objects.filter(brin="12AB00").count() == 1
    # Empty optional cells keep what is there; a filled one changes it.
    update = "soort;naam;brin;licentienaam;actief\nschool;Basisschool De Eik;12AB00;;nee\n"
    run_import("organisaties", update.encode(), users["beheerder"], dry_run=False)
    school.refresh_from_db()
    assert school.licence_name == "De Eik" and school.bestuur.name == "Stichting Nieuw"
    assert school.is_active is False


def test_one_bad_row_rejects_the_whole_import(users):
    bad = (
        ORGANISATIONS
        + "school;School zonder BRIN;;bao;;Stichting Nieuw;\n"
        + "school;Verdwaald;34CD00;bao;;Onbekend;\n"
    )
    before = _counts()
    result = run_import("organisaties", bad.encode(), users["beheerder"], dry_run=False)
    assert not result.committed
    assert _counts() == before  # also the three good rows before it are not kept
    from accounts.imports.resources import preview_rows

    rows = preview_rows(result, "organisaties")
    assert [row["errors"] for row in rows[:3]] == [[], [], []]
    assert rows[3]["number"] == 5
    assert "Een school heeft een BRIN-code." in " ".join(rows[3]["errors"])
    assert "Organisatie ‘Onbekend’ niet gevonden" in " ".join(rows[4]["errors"])


def test_users_with_memberships_from_xlsx(users, swv, school_a):
    content = _xlsx(
        [
            ["email", "voornaam", "achternaam", "organisatie", "rol"],
            ["Nieuw@SWV.example", "Nina", "Nieuw", swv.name, "consulent"],
            ["nieuw@swv.example", "Nina", "Nieuw", swv.name, "Commissie"],
            ["ib@a.example", "", "", school_a.brin, "schoolgebruiker"],
        ]
    )
    result = run_import("gebruikers", content, users["beheerder"], dry_run=False)
    assert result.committed, [r.validation_error for r in result.rows]
    user = User.objects.get(email="nieuw@swv.example")
    assert not user.has_usable_password()
    assert user.roles() == {Role.CONSULENT, Role.COMMISSIE}
    assert user.groups.filter(name="Commissie").exists()
    assert user.security_events.filter(kind="role_added").count() == 2
    # An existing user with empty name cells keeps their name.
    existing = User.objects.get(email="ib@a.example")
    assert existing.first_name == users["school_a"].first_name != ""


def test_user_rows_with_a_wrong_role_or_self_granted_pupil_role_are_errors(users, swv, school_a):
    from accounts.imports.resources import preview_rows

    content = (
        "email,organisatie,rol\n"
        f"ok@swv.example,{swv.name},redacteur\n"
        f"fout@swv.example,{swv.name},schoolgebruiker\n"
        f"beheerder@swv.example,{swv.name},commissie\n"
        f"onbekend@swv.example,{swv.name},directeur\n"
    ).encode()
    before = _counts()
    result = run_import("gebruikers", content, users["beheerder"], dry_run=False)
    assert not result.committed and _counts() == before
    errors = [" ".join(row["errors"]) for row in preview_rows(result, "gebruikers")]
    assert errors[0] == ""
    assert "hoort bij een organisatie van de soort “school”" in errors[1]
    assert "Je kunt jezelf geen rol geven" in errors[2]
    assert "Onbekende rol ‘directeur’" in errors[3]


def test_consulent_assignments(users, school_a, school_b):
    content = (
        f"consulent,school\nconsulent@swv.example,{school_a.brin}\n"
        f"consulent@swv.example,{school_b.name}\n"
    ).encode()
    result = run_import("consulenten", content, users["beheerder"], dry_run=False)
    assert result.committed
    assert set(
        ConsulentAssignment.objects.filter(consulent=users["consulent"]).values_list(
            "school_id", flat=True
        )
    ) == {school_a.pk, school_b.pk}
    again = run_import("consulenten", content, users["beheerder"], dry_run=False)
    assert [row.import_type for row in again.rows] == ["skip", "skip"]
    bad = f"consulent,school\nredacteur@swv.example,{school_a.brin}\n".encode()
    result = run_import("consulenten", bad, users["beheerder"], dry_run=False)
    assert not result.committed


def test_through_the_admin_preview_then_confirm(client, users):
    login_verified(client, users["beheerder"])
    url = reverse("accounts_import")
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile("orgs.csv", ORGANISATIONS.encode(), content_type="text/csv")
    preview = client.post(url, {"kind": "organisaties", "file": upload})
    assert preview.status_code == 200
    assert "Basisschool De Eik" in preview.content.decode()
    assert not Organisation.objects.filter(brin="12AB00").exists()
    confirm = preview.context["confirm_form"]
    done = client.post(reverse("accounts_import_confirm"), confirm.initial)
    assert done.status_code == 302
    assert Organisation.objects.filter(brin="12AB00").exists()
    # The same confirmation again: the upload is gone, nothing happens twice.
    again = client.post(reverse("accounts_import_confirm"), confirm.initial)
    assert again.status_code == 302
    assert Organisation.objects.filter(brin="12AB00").count() == 1


def test_bad_files_get_a_dutch_400(client, users):
    login_verified(client, users["beheerder"])
    url = reverse("accounts_import")
    cases = [
        (b"", "leeg"),
        (b"naam;email\nX;x@y.example\n", "Deze kolommen ontbreken"),
        (b"\x00\x01\x02", "geen CSV"),
    ]
    for content, message in cases:
        upload = SimpleUploadedFile("x.csv", content or b" ", content_type="text/csv")
        if not content:
            upload = SimpleUploadedFile("x.csv", b"", content_type="text/csv")
        response = client.post(url, {"kind": "organisaties", "file": upload})
        assert response.status_code == 400
        if content:
            assert message in response.content.decode()
    bad = ORGANISATIONS + "school;Zonder;;;;\n"
    upload = SimpleUploadedFile("x.csv", bad.encode(), content_type="text/csv")
    response = client.post(url, {"kind": "organisaties", "file": upload})
    assert response.status_code == 400
    assert "confirm_form" not in response.context
    assert "Een school heeft een BRIN-code." in response.content.decode()
    assert client.post(url, {"kind": "onbekend", "file": upload}).status_code == 400


def test_only_beheerders_import(client, users):
    for role in ("redacteur", "consulent", "commissie"):
        client.logout()
        login_verified(client, users[role])
        assert client.get(reverse("accounts_import")).status_code == 302
