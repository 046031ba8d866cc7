"""The register of AVG requests, as the privacy officer uses it, and its rules."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import Role
from devkit.clients import login_verified
from loket.models import AvgVerzoek, Dossier, Leerling, LogEntry, PurgeRecord, VerzoekStap
from loket.privacy.verzoeken import services
from tests.loket.helpers import make_aanvraag

S = AvgVerzoek.Soort


@pytest.fixture
def privacy(make_user):
    return make_user(Role.PRIVACY, email="privacy@swv.example")


@pytest.fixture
def aanvraag(loket_users, school_a):
    return make_aanvraag(school_a, loket_users["school_a"], naam="Sanne Testleerling")


def _verzoek(privacy, aanvraag, soort, received=None):
    received = received or datetime.date.today()
    return services.register(privacy, aanvraag.dossier.leerling, soort, received)


def _steps(verzoek):
    return list(verzoek.stappen.values_list("stap", flat=True))


def test_register_through_the_pupil_search(client, privacy, aanvraag):
    login_verified(client, privacy)
    url = reverse("avg_verzoeken:new")
    found = client.post(url, {"zoeken": "1", "q": "sanne"})
    assert found.status_code == 200 and "Sanne Testleerling" in found.content.decode()
    leerling = aanvraag.dossier.leerling
    response = client.post(
        url,
        {
            "registreren": "1",
            "leerling": leerling.pk,
            "soort": "wissing",
            "ontvangen_op": "2026-01-31",
        },
    )
    verzoek = AvgVerzoek.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{verzoek.pk}/")
    assert verzoek.termijn == datetime.date(2026, 2, 28)
    assert _steps(verzoek) == ["geregistreerd"]
    assert "Sanne" not in VerzoekStap.objects.get().detail  # references only


@pytest.mark.parametrize(
    "data",
    [
        {"registreren": "1", "leerling": "x", "soort": "inzage", "ontvangen_op": "2026-01-01"},
        {"registreren": "1", "leerling": "1", "soort": "onzin", "ontvangen_op": "2026-01-01"},
        {"registreren": "1", "leerling": "1", "soort": "inzage", "ontvangen_op": "31-31-2026"},
        {"registreren": "1", "leerling": "1", "soort": "inzage", "ontvangen_op": "2999-01-01"},
        {"zoeken": "1", "q": "a"},
    ],
)
def test_bad_input_is_a_dutch_400(client, privacy, aanvraag, data):
    if data.get("leerling") == "1":
        data["leerling"] = aanvraag.dossier.leerling_id
    login_verified(client, privacy)
    response = client.post(reverse("avg_verzoeken:new"), data)
    assert response.status_code == 400
    assert AvgVerzoek.objects.count() == 0


def test_extension_once_with_a_reason(client, privacy, aanvraag):
    with time_machine.travel(datetime.datetime(2026, 1, 31, 12, 0), tick=False):
        verzoek = _verzoek(privacy, aanvraag, S.INZAGE)
        login_verified(client, privacy)
        url = reverse("avg_verzoeken:step", args=[verzoek.pk, "verlengen"])
        refused = client.post(url, {"reden": ""})
        assert refused.status_code == 400 and "reden" in refused.content.decode()
        assert client.post(url, {"reden": "Veel dossiers bij drie scholen."}).status_code == 302
        verzoek.refresh_from_db()
        assert verzoek.verlengd and verzoek.termijn == datetime.date(2026, 4, 30)
        again = client.post(url, {"reden": "Nog eens."})
        assert again.status_code == 400 and "één keer" in again.content.decode()
    assert _steps(verzoek) == ["geregistreerd", "verlengd"]


def test_no_extension_after_the_first_month(privacy, aanvraag):
    verzoek = _verzoek(privacy, aanvraag, S.INZAGE, datetime.date(2026, 1, 1))
    with (
        time_machine.travel(datetime.datetime(2026, 2, 2, 12, 0), tick=False),
        pytest.raises(ValidationError),
    ):
        services.extend(verzoek, privacy, "Te laat.")


def test_decision_refusal_needs_a_reason(client, privacy, aanvraag):
    verzoek = _verzoek(privacy, aanvraag, S.BEZWAAR)
    login_verified(client, privacy)
    url = reverse("avg_verzoeken:step", args=[verzoek.pk, "besluiten"])
    assert client.post(url, {"besluit": "afgewezen", "reden": ""}).status_code == 400
    assert (
        client.post(url, {"besluit": "afgewezen", "reden": "Wettelijke taak."}).status_code == 302
    )
    verzoek.refresh_from_db()
    assert verzoek.status == "afgerond" and verzoek.besluit_reden == "Wettelijke taak."
    assert client.post(url, {"besluit": "toegewezen"}).status_code == 400  # already closed


def test_unknown_step_and_other_kind_of_step(client, privacy, aanvraag):
    verzoek = _verzoek(privacy, aanvraag, S.INZAGE)
    login_verified(client, privacy)
    assert client.post(reverse("avg_verzoeken:step", args=[verzoek.pk, "onzin"])).status_code == 404
    wrong = client.post(
        reverse("avg_verzoeken:step", args=[verzoek.pk, "wissen"]), {"dossier": aanvraag.dossier_id}
    )
    assert wrong.status_code == 400 and Dossier.objects.filter(pk=aanvraag.dossier_id).exists()
    assert client.get(reverse("avg_verzoeken:detail", args=[verzoek.pk + 99])).status_code == 404


def test_rectification_goes_through_the_school_service(client, privacy, aanvraag):
    verzoek = _verzoek(privacy, aanvraag, S.RECTIFICATIE)
    login_verified(client, privacy)
    url = reverse("avg_verzoeken:step", args=[verzoek.pk, "corrigeren"])
    data = {
        "naam": "Sanne Testleerlinge",
        "geboortedatum": "2015-03-05",
        "leerlingnummer": "",
        "groep": "6",
    }
    assert client.post(url, data).status_code == 302
    leerling = Leerling.objects.get(pk=aanvraag.dossier.leerling_id)
    assert leerling.naam == "Sanne Testleerlinge" and leerling.naam_sleutel  # the model's save ran
    step = verzoek.stappen.get(stap="gecorrigeerd")
    assert step.detail == "geboortedatum, naam"  # field names, never values
    line = LogEntry.objects.get(action=LogEntry.Action.LEERLING_GECORRIGEERD)
    assert line.dossier_id == aanvraag.dossier_id and "Sanne" not in line.detail
    bad = client.post(url, {**data, "geboortedatum": "morgen"})
    assert bad.status_code == 400 and "geldige datum" in bad.content.decode()


def test_restriction_freezes_the_dossier(client, privacy, aanvraag, loket_users, school_a):
    verzoek = _verzoek(privacy, aanvraag, S.BEPERKING)
    login_verified(client, privacy)
    step = reverse("avg_verzoeken:step", args=[verzoek.pk, "beperken"])
    assert client.post(step, {"dossier": "abc"}).status_code == 400
    assert client.post(step, {"dossier": aanvraag.dossier_id}).status_code == 302
    assert client.post(step, {"dossier": aanvraag.dossier_id}).status_code == 400  # already
    bijlage = aanvraag.bijlagen.first()
    download = reverse("loket:bijlage", args=[aanvraag.reference, bijlage.pk])
    for who in ("school_a", "consulent", "commissie"):
        client.logout()
        login_verified(client, loket_users[who])
        response = client.get(download)
        assert response.status_code == 403, who
        assert "Verwerking beperkt" in response.content.decode()
    admin = client.get(reverse("loket_admin:bijlage", args=[aanvraag.pk, bijlage.pk]))
    assert admin.status_code == 403
    assert (
        "Verwerking beperkt"
        in client.get(reverse("loket_admin:detail", args=[aanvraag.pk])).content.decode()
    )
    client.logout()
    login_verified(client, loket_users["school_a"])
    page = client.get(reverse("loket:dossier", args=[aanvraag.dossier_id])).content.decode()
    assert "Verwerking beperkt" in page
    document = client.get(
        reverse("loket:document", args=[aanvraag.reference, "ontvangstbevestiging"])
    )
    assert document.status_code in (403, 404)
    # No new aanvraag for the pupil: the hand-off refuses (and rolls back).
    with pytest.raises(ValidationError, match="beperkt"):
        make_aanvraag(school_a, loket_users["school_a"], naam="Sanne Testleerling")
    assert LogEntry.objects.filter(
        action=LogEntry.Action.BEPERKT, dossier=aanvraag.dossier
    ).exists()
    # Lifting is a step too, and downloads work again.
    client.logout()
    login_verified(client, privacy)
    lift = reverse("avg_verzoeken:step", args=[verzoek.pk, "opheffen"])
    assert client.post(lift, {"dossier": aanvraag.dossier_id}).status_code == 302
    client.logout()
    login_verified(client, loket_users["school_a"])
    assert client.get(download).status_code == 200
    assert _steps(verzoek)[-1] == "beperking_opgeheven"


def test_restriction_only_of_the_pupils_own_dossiers(
    client, privacy, aanvraag, loket_users, school_b
):
    other = make_aanvraag(school_b, loket_users["school_b"], naam="Iemand Anders")
    verzoek = _verzoek(privacy, aanvraag, S.BEPERKING)
    login_verified(client, privacy)
    step = reverse("avg_verzoeken:step", args=[verzoek.pk, "beperken"])
    assert client.post(step, {"dossier": other.dossier_id}).status_code == 400
    assert not Dossier.objects.get(pk=other.dossier_id).is_restricted


def test_erasure_removes_the_dossier_and_keeps_the_register(
    client, privacy, aanvraag, django_capture_on_commit_callbacks
):
    verzoek = _verzoek(privacy, aanvraag, S.WISSING)
    dossier_id = aanvraag.dossier_id
    login_verified(client, privacy)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("avg_verzoeken:step", args=[verzoek.pk, "wissen"]), {"dossier": dossier_id}
        )
    assert response.status_code == 302
    assert not Dossier.objects.filter(pk=dossier_id).exists()
    # Only the sealed line of the dossier's chain stays: no kenmerk, no actor.
    left = LogEntry.objects.filter(dossier_id=dossier_id)
    assert [line.action for line in left] == [LogEntry.Action.VERZEGELD]
    assert left.get().reference == "" and left.get().actor == ""
    verzoek.refresh_from_db()
    assert verzoek.leerling_id is None and _steps(verzoek)[-1] == "gewist"
    # The purge journal keeps that it happened, with ids only: a restore of an older
    # backup removes the dossier again (tests/cms/test_backup_restore.py).
    record = PurgeRecord.objects.get(kind="dossier")
    assert (record.object_id, record.reason, record.action) == (
        dossier_id,
        "wissing",
        "verwijderen",
    )
    assert PurgeRecord.objects.filter(kind="aanvraag", object_id=aanvraag.pk).exists()
    page = client.get(reverse("avg_verzoeken:detail", args=[verzoek.pk]))
    assert page.status_code == 200 and "Gewist" in page.content.decode()


def test_erasure_refused_on_a_legal_exception(client, privacy, aanvraag):
    verzoek = _verzoek(privacy, aanvraag, S.WISSING)
    login_verified(client, privacy)
    url = reverse("avg_verzoeken:step", args=[verzoek.pk, "wissing_weigeren"])
    assert client.post(url, {"uitzondering": "verzonnen"}).status_code == 400
    assert (
        client.post(
            url, {"uitzondering": "wettelijke_plicht", "toelichting": "TLV-termijn."}
        ).status_code
        == 302
    )
    verzoek.refresh_from_db()
    assert verzoek.besluit == "afgewezen" and "art. 17 lid 3 b" in verzoek.besluit_reden
    assert Dossier.objects.filter(pk=aanvraag.dossier_id).exists()


def test_inzage_starts_the_art15_export(client, privacy, aanvraag):
    from loket.models import AvgExport

    verzoek = _verzoek(privacy, aanvraag, S.INZAGE)
    login_verified(client, privacy)
    assert (
        client.post(reverse("avg_verzoeken:step", args=[verzoek.pk, "inzage"])).status_code == 302
    )
    export = AvgExport.objects.get()
    assert export.requested_by == privacy and export.leerling_id == aanvraag.dossier.leerling_id
    assert verzoek.stappen.filter(stap="inzage_export", detail=f"export {export.pk}").exists()


def test_steps_are_append_only(privacy, aanvraag):
    verzoek = _verzoek(privacy, aanvraag, S.INZAGE)
    with pytest.raises(PermissionError):
        VerzoekStap.objects.all().delete()
    with pytest.raises(PermissionError):
        verzoek.stappen.first().save()


def test_dashboard_shows_overdue_and_nearly_due_to_the_privacy_officer(
    client, privacy, aanvraag, loket_users
):
    overdue = _verzoek(
        privacy, aanvraag, S.INZAGE, datetime.date.today() - datetime.timedelta(days=40)
    )
    nearly = _verzoek(
        privacy, aanvraag, S.BEZWAAR, datetime.date.today() - datetime.timedelta(days=27)
    )
    later = _verzoek(privacy, aanvraag, S.BEZWAAR, datetime.date.today())
    login_verified(client, privacy)
    page = client.get("/admin/").content.decode()
    assert f"Verzoek {overdue.pk}<" in page and "termijn verstreken" in page
    assert f"Verzoek {nearly.pk}<" in page and f"Verzoek {later.pk}<" not in page
    assert "Sanne" not in page
    client.logout()
    login_verified(client, loket_users["commissie"])
    page = client.get("/admin/").content.decode()
    assert "AVG-verzoeken met een termijn" not in page and "avg-verzoeken" not in page
