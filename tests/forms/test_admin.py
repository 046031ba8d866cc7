"""Building forms in the Wagtail admin: who may, and what cannot be published."""

from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from devkit.clients import login_verified
from forms.models import LoketFormPage


def field_block(block_type, name, label, **extra):
    value = {
        "name": name,
        "label": label,
        "help_text": "",
        "required": "on",
        "condition": {"field": "", "operator": "equals", "value": ""},
        **extra,
    }
    return (block_type, value)


def page_post_data(title, slug, fields, publish=True, expected_days=""):
    data = nested_form_data(
        {
            "title": title,
            "slug": slug,
            "handoff": "overig",
            "intro": rich_text(""),
            "confirmation_text": rich_text(""),
            "notify_emails": "",
            "expected_days": expected_days,
            "open_from": "",
            "open_until": "",
            "support_start_min": "",
            "support_start_field": "",
            "steps": streamfield(
                [
                    (
                        "step",
                        {
                            "title": "Stap een",
                            "help_text": "",
                            "condition": {"field": "", "operator": "equals", "value": ""},
                            "fields": streamfield(fields),
                        },
                    )
                ]
            ),
            "comments": inline_formset([]),
        }
    )
    if publish:
        data["action-publish"] = "publish"
    return data


def test_formulierbeheerder_edits_and_publishes_forms(client, users, form_index, role_groups):
    from accounts.roles import ensure_role_groups

    ensure_role_groups()  # the form index exists now: grant its subtree
    login_verified(client, users["formulierbeheerder"])
    data = page_post_data(
        "Nieuw formulier",
        "nieuw-formulier",
        [field_block("short_text", "naam", "Naam", max_length=100)],
    )
    response = client.post(f"/admin/pages/add/forms/loketformpage/{form_index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = LoketFormPage.objects.get(slug="nieuw-formulier")
    assert page.live
    assert page.url == "/loket/aanvragen/nieuw/nieuw-formulier/"
    assert page.definition().steps[0].fields[0].name == "naam"

    # Edit and publish a new revision, with the expected term shown after submitting.
    edit_page = client.get(f"/admin/pages/{page.pk}/edit/")
    assert edit_page.status_code == 200
    assert 'name="expected_days"' in edit_page.content.decode()
    data = page_post_data(
        "Nieuw formulier",
        "nieuw-formulier",
        [field_block("short_text", "naam", "Naam van de leerling", max_length=100)],
        expected_days="15",
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.definition().steps[0].fields[0].label == "Naam van de leerling"
    assert page.expected_days == 15

    # ... but nowhere else in the tree.
    home = Page.objects.get(depth=2)
    assert not home.permissions_for_user(users["formulierbeheerder"]).can_edit()
    assert form_index.permissions_for_user(users["formulierbeheerder"]).can_publish_subpage()


def test_a_broken_form_cannot_be_published(client, users, form_index):
    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    login_verified(client, users["formulierbeheerder"])
    fields = [
        field_block("short_text", "naam", "Naam", max_length=100),
        field_block("short_text", "naam", "Nog een naam", max_length=100),
        (
            "calculated",
            {
                "name": "totaal",
                "label": "Totaal",
                "help_text": "",
                "operation": "product",
                "operands": "naam, bestaatniet",
                "percentage": "",
                "is_amount": "on",
                "max_value": "",
                "max_error": "",
                "condition": {"field": "", "operator": "equals", "value": ""},
            },
        ),
    ]
    response = client.post(
        f"/admin/pages/add/forms/loketformpage/{form_index.pk}/",
        page_post_data("Kapot formulier", "kapot", fields),
    )
    assert response.status_code == 200
    assert not LoketFormPage.objects.filter(slug="kapot").exists()
    html = response.content.decode()
    assert "komt al eerder in het formulier voor" in html
    assert "geen eerder veld" in html


def test_school_users_and_redacteuren_cannot_edit_forms(client, users, demo_forms):
    """Only formulierbeheerders edit form pages: a school user never reaches the
    admin, a redacteur (and eindredacteur, consulent) reaches it but gets no
    permission on the form pages, and an edit POST changes nothing."""
    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    page = demo_forms["tlv"]
    edit = f"/admin/pages/{page.pk}/edit/"
    login_verified(client, users["school_a"])
    response = client.get(edit)
    assert response.status_code == 302 and response["Location"].startswith("/account/inloggen/")
    for role in ("redacteur", "eindredacteur", "consulent"):
        session = login_verified(client.__class__(), users[role])
        response = session.get(edit)
        assert response.status_code == 302 and response["Location"] == "/admin/", role
        data = page_post_data("Gekaapt", page.slug, [])
        response = session.post(edit, data)
        assert response.status_code == 302 and response["Location"] == "/admin/", role
        assert not page.permissions_for_user(users[role]).can_edit(), role
        add = f"/admin/pages/add/forms/loketformpage/{page.get_parent().pk}/"
        assert session.get(add)["Location"] == "/admin/", role
    page.refresh_from_db()
    assert page.title != "Gekaapt"
    assert page.get_latest_revision().user is None or page.get_latest_revision().user_id not in {
        users["redacteur"].pk,
        users["eindredacteur"].pk,
    }


def test_preview_shows_every_step(client, users, demo_forms):
    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    login_verified(client, users["formulierbeheerder"])
    page = demo_forms["tlv"]
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "(voorbeeld)" in html
    assert "Onderbouwing van de hogere categorie" in html
    assert "Hoe zijn zij gehoord?" in html  # the loket's hoorrecht field type


def test_preview_explains_step_conditions(client, users, make_form):
    from accounts.roles import ensure_role_groups
    from tests.forms.test_journey import JOURNEY

    page = make_form(JOURNEY)
    ensure_role_groups()
    login_verified(client, users["formulierbeheerder"])
    html = client.get(f"/admin/pages/{page.pk}/view_draft/").content.decode()
    assert "Alleen getoond als ‘extra’ is gelijk aan ja." in html
    assert "Welke ondersteuning?" in html


def test_demo_forms_open_in_the_editor(client, users, demo_forms):
    from accounts.roles import ensure_role_groups

    ensure_role_groups()
    login_verified(client, users["formulierbeheerder"])
    for page in demo_forms.values():
        response = client.get(f"/admin/pages/{page.pk}/edit/")
        assert response.status_code == 200, page.slug
