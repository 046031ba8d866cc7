"""Transfer of an archived dossier. Seed ``kennisbank-artikelen-top-dossier.txt``:
“Het overdragen van een TOP dossier naar een andere school kan alleen nadat het TOP
dossier is gearchiveerd. Bij de overdracht (export - import) wordt alle informatie,
bestanden en verslagen meegenomen, behalve 1) aanpak 2) evaluatiedatum en 3) gegeven
instemming.” The receiver fills in “de geboortedatum van de leerling, schooljaar en
groep”.
"""

import datetime

import pytest
from django.test import Client
from django.utils import formats, timezone

from devkit.clients import login_verified
from loket.dossiers import archive, transfer
from loket.instemming import services as instemming
from loket.lifecycle import services
from loket.models import Aanvraag, Dossier, Instemming, LogEntry, Overdracht
from tests.loket.helpers import LABELS, make_aanvraag, stored_file

BIRTH = "2015-03-04"
# The demo forms mark these fields by role; the transfer reads the roles, not the names.
LABELS_WITH_ROLES = [
    *LABELS,
    {
        "title": "Plan",
        "fields": [
            {"name": "plan", "label": "Aanpak", "type": "long_text"},
            {"name": "evaluatie", "label": "Evaluatiedatum", "type": "date"},
            {"name": "ouders_akkoord", "label": "Instemming ouders", "type": "yes_no"},
            {"name": "telefoon", "label": "Telefoon ouders", "type": "text"},
            {"name": "plan_bestand", "label": "Plan van aanpak", "type": "file"},
            {"name": "doel", "label": "Doel", "type": "text"},
        ],
        "roles": {
            "plan": "aanpak",
            "evaluatie": "evaluatiedatum",
            "ouders_akkoord": "gegeven_instemming",
            "telefoon": "niet_overdragen",
            "plan_bestand": "aanpak",
        },
    },
]


class CommittingClient(Client):
    """Mails go out after commit: run those callbacks after each request, as a
    real request would (the test itself runs inside one transaction)."""

    def request(self, **request):
        from django.test import TestCase

        with TestCase.captureOnCommitCallbacks(execute=True):
            return super().request(**request)


@pytest.fixture
def archived(loket_users, school_a, school_b, monkeypatch):
    import tests.loket.helpers as helpers

    monkeypatch.setattr(helpers, "LABELS", LABELS_WITH_ROLES)
    school = loket_users["school_a"]
    answers = {
        "leerling": {"naam": "Geheime Leerling", "geboortedatum": BIRTH, "groep": "6"},
        "omgeving": "Coaching in de groep.",
        "bedrag": 20000,
        "plan": "Geheim plan van aanpak.",
        "evaluatie": "2026-12-01",
        "ouders_akkoord": True,
        "telefoon": "06-12345678",
        "doel": "Lezen op niveau.",
    }
    aanvraag = make_aanvraag(
        school_a,
        school,
        answers=answers,
        files=[stored_file(), stored_file("plan.pdf", field_name="plan_bestand")],
    )
    instemming.register_outside(aanvraag, school, datum=datetime.date.today(), toelichting="Ja.")
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    archive.archive_dossier(aanvraag.dossier, school)
    school_b.licence_name = "SCHOOLB"
    school_b.brin = "12AB00"
    school_b.save()
    return aanvraag


def _prepare(client, dossier, receiver="12ab00"):
    return client.post(
        f"/loket/dossiers/{dossier.pk}/overdracht/",
        {"ontvanger": receiver, "consent_date": "2026-01-05", "consent_how": "Schriftelijk."},
    )


def test_transfer_with_right_date_of_birth(loket_users, archived, mailoutbox):
    source = archived.dossier
    client = login_verified(CommittingClient(), loket_users["school_a"])
    assert _prepare(client, source, "onbekend").status_code == 400
    assert _prepare(client, source).status_code == 302
    overdracht = Overdracht.objects.get()
    assert "Geheime" not in mailoutbox[-1].body and mailoutbox[-1].to == ["ib@b.example"]

    receiver = login_verified(CommittingClient(), loket_users["school_b"])
    index = receiver.get("/loket/").content.decode()
    assert f"/loket/overdrachten/{overdracht.pk}/" in index
    shown = formats.date_format(timezone.localtime(overdracht.created_at), "j F Y")
    assert f"Van {source.school.name}, klaargezet op {shown}" in index
    response = receiver.post(
        f"/loket/overdrachten/{overdracht.pk}/",
        {"geboortedatum": BIRTH, "schooljaar": "2026-2027", "groep": "7"},
    )
    assert response.status_code == 302
    new = Dossier.objects.exclude(pk=source.pk).get()
    assert response["Location"] == f"/loket/dossiers/{new.pk}/"
    assert new.school.licence_name == "SCHOOLB" and new.leerling.groep == "7"
    copy = new.aanvragen.get()
    assert copy.reference != archived.reference
    assert copy.besluit.motivering == "Nee."
    # Left out: the answers with niet-overdragen roles, their files, every instemming.
    assert set(copy.answers) == {"leerling", "omgeving", "bedrag", "doel"}
    copied_fields = {f["name"] for step in copy.labels for f in step["fields"]}
    assert not copied_fields & {"plan", "evaluatie", "ouders_akkoord", "telefoon", "plan_bestand"}
    assert [b.original_name for b in copy.bijlagen.all()] == ["opp.pdf"]
    with copy.bijlagen.get().file.open("rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assert copy.bijlagen.get().file.name != archived.bijlagen.get(field_name="opp").file.name
    assert not Instemming.objects.filter(aanvraag__dossier=new).exists()
    page = receiver.get(copy.get_absolute_url()).content.decode()
    assert "Geheim plan van aanpak" not in page and "06-12345678" not in page
    # The sender's dossier is as it was, archived; the sender sees when it was accepted.
    source.refresh_from_db()
    assert source.is_archived and archived.answers["plan"] == "Geheim plan van aanpak."
    sender_page = client.get(f"/loket/dossiers/{source.pk}/").content.decode()
    assert "geaccepteerd op" in sender_page
    for dossier in (source, new):
        assert LogEntry.objects.filter(
            dossier_id=dossier.pk, action="overdracht_geaccepteerd"
        ).exists()
    assert "Geheime" not in mailoutbox[-1].body and mailoutbox[-1].to == ["ib@a.example"]


def test_five_wrong_dates_cancel_and_tell_the_sender(loket_users, archived, mailoutbox):
    client = login_verified(CommittingClient(), loket_users["school_a"])
    _prepare(client, archived.dossier)
    overdracht = Overdracht.objects.get()
    receiver = login_verified(CommittingClient(), loket_users["school_b"])
    url = f"/loket/overdrachten/{overdracht.pk}/"
    wrong = {"geboortedatum": "2015-03-05", "schooljaar": "2026-2027", "groep": "7"}
    for _attempt in range(4):
        response = receiver.post(url, wrong)
        assert response.status_code == 400
        assert "klopt niet" in response.content.decode()
        assert Dossier.objects.count() == 1  # nothing accepted
    sent_before = len(mailoutbox)
    assert receiver.post(url, wrong).status_code == 400
    overdracht.refresh_from_db()
    assert overdracht.status == Overdracht.Status.GEANNULEERD and overdracht.wrong_tries == 5
    assert len(mailoutbox) == sent_before + 1
    assert mailoutbox[-1].to == ["ib@a.example"] and "Geheime" not in mailoutbox[-1].body
    # Cancelled: even the right date does nothing now.
    right = {**wrong, "geboortedatum": BIRTH}
    assert receiver.post(url, right).status_code == 404
    assert Dossier.objects.count() == 1


def test_only_an_archived_dossier_can_be_transferred(loket_users, school_a, school_b):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    school_b.licence_name = "SCHOOLB"
    school_b.save()
    with pytest.raises(services.TransitionError, match="Archiveer"):
        transfer.prepare(
            aanvraag.dossier,
            loket_users["school_a"],
            receiver_text="SCHOOLB",
            consent_date=datetime.date.today(),
            consent_how="Mondeling.",
        )
    with pytest.raises(services.TransitionError, match="toestemming"):
        transfer.prepare(
            aanvraag.dossier,
            loket_users["school_a"],
            receiver_text="SCHOOLB",
            consent_date=None,
            consent_how="",
        )
    assert Aanvraag.objects.count() == 1


def test_demo_has_consent_states_an_archived_dossier_and_a_waiting_transfer(db):
    from accounts import demo as accounts_demo
    from loket.demo import dossiers as demo_dossiers
    from loket.demo import seed as loket_demo

    accounts_demo.run()
    loket_demo.run()
    demo_dossiers.run()
    demo_dossiers.run()  # idempotent
    statuses = sorted(Instemming.objects.filter(plan=None).values_list("status", flat=True))
    assert statuses == ["gegeven", "gegeven", "verstuurd"]
    on_plan = Instemming.objects.exclude(plan=None).get()
    assert on_plan.status == "gegeven" and "AVI" in on_plan.plan.doelen
    waiting = Overdracht.objects.get()
    assert waiting.is_waiting and waiting.dossier.is_archived
    assert waiting.ontvanger.brin == "99BB00"


def test_transfer_to_an_external_organisation_is_read_in_inzage(
    loket_users, archived, cleo, make_user, mailoutbox
):
    """“Overdracht naar een andere school of externe organisatie (bijv. CLEO)”: the
    externe of CLEO accepts with the date of birth and then reads the copy, read-only,
    in /inzage/; an externe of another organisation never sees it."""
    from accounts.models import Organisation, Role

    cleo.licence_name = "CLEO-REGIO"
    cleo.save()
    sender = login_verified(CommittingClient(), loket_users["school_a"])
    assert _prepare(sender, archived.dossier, "cleo-regio").status_code == 302
    overdracht = Overdracht.objects.get()
    assert overdracht.ontvanger == cleo

    externe = login_verified(CommittingClient(), loket_users["externe"])
    index = externe.get("/inzage/").content.decode()
    assert f"/loket/overdrachten/{overdracht.pk}/" in index
    shown = formats.date_format(timezone.localtime(overdracht.created_at), "j F Y")
    assert f"Van {overdracht.dossier.school.name}, klaargezet op {shown}" in index
    response = externe.post(
        f"/loket/overdrachten/{overdracht.pk}/",
        {"geboortedatum": BIRTH, "schooljaar": "2026-2027", "groep": "-"},
    )
    new = Dossier.objects.exclude(pk=archived.dossier.pk).get()
    assert response.status_code == 302
    assert response["Location"] == f"/inzage/dossiers/{new.pk}/"
    page = externe.get(f"/inzage/dossiers/{new.pk}/")
    assert page.status_code == 200
    assert "overgedragen" in page.content.decode()
    assert "Geheim plan van aanpak" not in page.content.decode()
    copy = new.aanvragen.get()
    bijlage = copy.bijlagen.get()
    download = externe.get(f"/loket/aanvragen/{copy.reference}/bijlagen/{bijlage.pk}/")
    assert download.status_code == 200
    # Read-only: the school's own pages of that dossier stay closed to the externe.
    assert externe.get(f"/loket/dossiers/{new.pk}/").status_code == 404
    assert externe.get(f"/loket/dossiers/{new.pk}/archiveren/").status_code == 404

    jeugdteam = Organisation.objects.create(name="Jeugdteam", kind=Organisation.Kind.EXTERN)
    other = login_verified(Client(), make_user(Role.EXTERNE, jeugdteam, email="x@jt.example"))
    assert other.get(f"/inzage/dossiers/{new.pk}/").status_code == 404
    assert f"/inzage/dossiers/{new.pk}/" not in other.get("/inzage/").content.decode()

    cleo.is_active = False
    cleo.save()
    assert externe.get(f"/inzage/dossiers/{new.pk}/").status_code == 404
