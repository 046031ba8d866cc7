"""The verwerkingsregister (AVG art. 30) in code, and what anonymisation must not keep.

The README's privacy section is generated from ``loket.privacy.verwerkingen``; these
tests fail when it drifts, when a model of the portal's own apps is in no category
(nor in the list of models without personal data), and when an anonymised aanvraag
keeps an e-mail address or a free text about the pupil (issue 27: "retention without
leftovers").
"""

import datetime
from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.models import Page

from devkit.architecture import APPS
from loket.models import (
    Agendapunt,
    Bezwaar,
    BezwaarUitstel,
    Herziening,
    Instemming,
    Medeondertekening,
    Vergadering,
)
from loket.models.bewaren import rules
from loket.privacy.register_tekst import END, START, block_of, render
from loket.privacy.retention import rules as retention
from loket.privacy.verwerkingen import GEEN_PERSOONSGEGEVENS, accounted_models, verwerkingen
from tests.loket.test_retention import decided

README = Path(settings.BASE_DIR) / "README.md"
OWN_APPS = set(APPS)  # the portal's own apps (devkit.architecture)


def own_models():
    """Models of the portal's own apps that are not Wagtail pages (public content)."""
    return {
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OWN_APPS and not issubclass(model, Page)
    }


def test_every_model_is_in_the_register_or_said_to_hold_no_personal_data():
    named = set(accounted_models())
    without = set(GEEN_PERSOONSGEGEVENS)
    assert not named & without, "in beide: " + ", ".join(sorted(named & without))
    missing = own_models() - named - without
    assert not missing, "niet in het verwerkingsregister: " + ", ".join(sorted(missing))
    unknown = (named | without) - own_models()
    assert not unknown, "bestaat niet (meer): " + ", ".join(sorted(unknown))


def test_each_category_names_its_retention_or_says_it_is_open():
    for key, verwerking in verwerkingen.items():
        for rule in verwerking.bewaren:
            assert rule in rules, f"{key}: onbekende bewaarregel {rule}"
        assert verwerking.bewaren or verwerking.bewaren_tekst or verwerking.bewaren_open, key
        assert verwerking.doel and verwerking.wie and verwerking.verwijderen, key


def test_the_readme_section_is_what_the_code_says():
    text = README.read_text(encoding="utf-8")
    assert START in text and END in text
    assert block_of(text) == render(), "draai: manage.py verwerkingsregister --readme README.md"
    # The periods come from the rules, not from prose written twice.
    assert "[`dossier_gearchiveerd`]" in render() and "2 jaar vanaf het archiveren" in render()
    call_command("verwerkingsregister", check=str(README))


def test_the_check_fails_on_an_outdated_readme(tmp_path):
    stale = tmp_path / "README.md"
    stale.write_text(f"# Oud\n\n{START}\n- iets van vroeger\n{END}\n", encoding="utf-8")
    with pytest.raises(CommandError, match="verouderd"):
        call_command("verwerkingsregister", check=str(stale))
    call_command("verwerkingsregister", readme=str(stale))
    call_command("verwerkingsregister", check=str(stale))
    assert stale.read_text(encoding="utf-8").startswith("# Oud\n")
    unmarked = tmp_path / "LEES.md"
    unmarked.write_text("# Zonder markeringen\n", encoding="utf-8")
    with pytest.raises(CommandError, match="markeringen"):
        call_command("verwerkingsregister", readme=str(unmarked))


def test_an_anonymised_aanvraag_keeps_no_addresses_and_no_texts(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    """Retention's rule "afgewezen aanvraag" anonymises after a year: the figures stay
    (type, school, uitkomst, dates) but not the parent's e-mail address, the frozen
    version shown to a co-signer, nor the texts of bezwaar, herziening and notulen."""
    aanvraag = decided(school_a, loket_users, naam="Bezwaar Leerling", days_ago=400)
    commissie = loket_users["commissie"]
    Instemming.objects.create(
        aanvraag=aanvraag,
        wijze="email",
        status="gegeven",
        email="ouder.de.vries@example.org",
        versie={"antwoorden": {"naam": "Bezwaar Leerling"}},
    )
    Medeondertekening.objects.create(
        aanvraag=aanvraag,
        rol="Orthopedagoog",
        email="orthopedagoog@example.org",
        status="getekend",
        ends_on=timezone.localdate(),
        token_hash="a" * 64,
        versie={"antwoorden": {"naam": "Bezwaar Leerling"}},
        versie_sha256="b" * 64,
    )
    bezwaar = Bezwaar.objects.create(
        aanvraag=aanvraag,
        gronden="Bezwaar Leerling heeft meer nodig.",
        deadline=timezone.localdate(),
        hoorzitting_verslag="Ouders van Bezwaar Leerling gehoord.",
        uitkomst="ongegrond",
        uitkomst_motivering="Zie het OPP van Bezwaar Leerling.",
        ingediend_door=loket_users["school_a"],
    )
    BezwaarUitstel.objects.create(
        aanvraag=aanvraag, tot_en_met=timezone.localdate(), reden="Ziekte.", door=commissie
    )
    Herziening.objects.create(
        aanvraag=aanvraag,
        reden="Rekenfout bij Bezwaar Leerling.",
        vorige_uitkomst="afgewezen",
        uitkomst="afgewezen",
        motivering="Opnieuw bekeken.",
        decided_by=commissie,
    )
    vergadering = Vergadering.objects.create(
        date=timezone.localdate() - datetime.timedelta(days=390), title="Commissie"
    )
    Agendapunt.objects.create(
        vergadering=vergadering, aanvraag=aanvraag, notulen="Besproken: Bezwaar Leerling."
    )

    with django_capture_on_commit_callbacks(execute=True):
        summary = retention.run()
    assert summary["afgewezen_aanvraag"]["aantal"] == 1

    assert not Instemming.objects.filter(aanvraag=aanvraag).exists()
    assert not Medeondertekening.objects.filter(aanvraag=aanvraag).exists()
    bezwaar.refresh_from_db()
    assert bezwaar.uitkomst == "ongegrond" and bezwaar.deadline  # the figures
    assert (bezwaar.gronden, bezwaar.hoorzitting_verslag, bezwaar.uitkomst_motivering) == (
        "",
        "",
        "",
    )
    assert bezwaar.ingediend_door_id is None
    assert BezwaarUitstel.objects.get(aanvraag=aanvraag).reden == ""
    herziening = Herziening.objects.get(aanvraag=aanvraag)
    assert (herziening.reden, herziening.motivering, herziening.decided_by_id) == ("", "", None)
    assert Agendapunt.objects.get(aanvraag=aanvraag).notulen == ""
    # Nothing of the pupil is left anywhere on the rows of this aanvraag.
    for model in (Bezwaar, BezwaarUitstel, Herziening, Agendapunt):
        for row in model.objects.filter(aanvraag=aanvraag).values():
            assert "Bezwaar Leerling" not in str(row), model.__name__


def test_the_privacy_officer_reads_the_register_in_the_admin(client, make_user):
    from accounts.models import Role
    from devkit.clients import login_verified

    login_verified(client, make_user(Role.PRIVACY, email="fg@swv.example"))
    index = client.get("/admin/avg-verzoeken/").content.decode()
    assert "/admin/avg-verzoeken/verwerkingsregister/" in index
    response = client.get("/admin/avg-verzoeken/verwerkingsregister/")
    assert response.status_code == 200
    page = response.content.decode()
    for _key, verwerking in verwerkingen.items():
        assert str(verwerking.label) in page
    assert "2 jaar vanaf het archiveren" in page and "<code>dossier_gearchiveerd</code>" in page
    assert "Open punt" not in page and "5 jaar vanaf het besluit" in page and "**" not in page
    assert client.post("/admin/avg-verzoeken/verwerkingsregister/").status_code == 405
