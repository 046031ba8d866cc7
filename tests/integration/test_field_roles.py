"""Field roles: the editor's rules, and the loket reading answers by role only."""

import json
from decimal import Decimal

import pytest
from wagtail import blocks

from devkit.clients import Wizard, login_verified
from forms.blocks import StepsBlock
from forms.build import fld, step
from forms.fieldroles import answer_for_role
from forms.models import FormSubmission, LoketFormPage
from loket.demo.form_steps import top_steps
from loket.lifecycle.services import requested_amounts
from loket.models import Aanvraag
from tests.integration.test_top_journey import fill_in_top


def clean_steps(steps):
    block = StepsBlock()
    return block.clean(block.to_python(steps))


def test_a_unique_role_twice_and_a_role_on_the_wrong_field_type_are_refused(db):
    steps = [
        step(
            "Begroting",
            [
                fld("amount", "bedrag", "Bedrag", role="totaalbedrag"),
                fld("amount", "nog_een_bedrag", "Nog een bedrag", role="totaalbedrag"),
                fld("short_text", "wanneer", "Wanneer", role="startdatum"),
                fld("short_text", "intern", "Intern", role="niet_overdragen"),
                fld("long_text", "notitie", "Notitie", role="niet_overdragen"),
            ],
        )
    ]
    with pytest.raises(blocks.StreamBlockValidationError) as exc:
        clean_steps(steps)
    problems = [str(e) for e in exc.value.non_block_errors]
    assert any(
        "de rol 'Totaalbedrag' is al gegeven aan het veld 'bedrag'" in p for p in problems
    ), problems
    assert any("de rol 'Startdatum' past niet bij dit soort veld" in p for p in problems)
    assert len(problems) == 2  # a marker role may be on many fields


def test_roles_are_kept_in_the_labels_snapshot(db):
    steps = [step("Een", [fld("amount", "bedrag", "Bedrag", role="totaalbedrag")])]
    assert clean_steps(steps)
    labels = LoketFormPage(steps=json.dumps(steps)).definition().labels()
    assert labels[0]["roles"] == {"bedrag": "totaalbedrag"}


def _renamed(steps, renames):
    """The TOP steps with fields renamed, as an editor would in a new revision."""
    text = json.dumps(steps)
    for old, new in renames.items():
        text = text.replace(f'"name": "{old}"', f'"name": "{new}"')
        text = text.replace(f'"operands": "{old}"', f'"operands": "{new}"')
    return text


def test_renaming_the_total_field_keeps_the_besluit_defaults(
    client, loket_users, school_a, demo_forms, django_capture_on_commit_callbacks
):
    page = demo_forms["top-arrangement"]
    page.steps = _renamed(top_steps(), {"totaal": "totale_kosten"})
    page.save_revision().publish()
    page.refresh_from_db()

    login_verified(client, loket_users["school_a"])
    with django_capture_on_commit_callbacks(execute=True):
        assert fill_in_top(Wizard(client, page)).status_code == 302
    submission = FormSubmission.objects.get()
    assert "totaal" not in submission.answers
    assert submission.answers["totale_kosten"] == "9000.00"
    assert answer_for_role(submission, "totaalbedrag") == "9000.00"
    aanvraag = Aanvraag.objects.get()
    assert requested_amounts(aanvraag)["total"] == Decimal("9000.00")
    assert requested_amounts(aanvraag)["bestuur"] == Decimal("4500.00")

    # The commissie sees the requested amount as the besluit's default.
    client.logout()
    login_verified(client, loket_users["consulent"])
    admin_url = f"/admin/loket/{aanvraag.pk}/"
    assert client.post(admin_url + "actie/in-behandeling/").status_code == 302
    client.logout()
    login_verified(client, loket_users["commissie"])
    admin_page = client.get(admin_url).content.decode()
    assert 'name="besluit-amount" value="9000.00"' in admin_page
    assert 'name="besluit-start_date" value="2026-09-01"' in admin_page
