"""Evaluation of granted arrangements (issue 25, "After the besluit").

The kader TOP-arrangementen asks an OZA-formulier "inclusief plan van aanpak,
beschrijving van de inzet en de kosten, tijdspad en evaluatiemomenten", and "Bij de
evaluatie: tot welke duurzame veranderingen het traject heeft geleid (denk aan
klassenmanagement, ondersteuningsstructuur, het vormen van de "derde ruimte", etc.) en op
welke wijze de school inclusiever is geworden". These tests hold the rules: the moments a
besluit plans, the reminders (once per moment per kind), the school's evaluation form
(a loket form with hand-off *evaluatie*, never a new aanvraag), the refusals, the
logboek lines and the consulent's work list.
"""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from devkit.clients import Wizard, login_verified
from loket.errors import TransitionError
from loket.lifecycle import evaluatie, services
from loket.models import Aanvraag, Besluit, Evaluatiemoment, LogEntry
from loket.types import AanvraagType
from tests.loket.helpers import LABELS, make_aanvraag

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = datetime.date.today()

ANSWERS = {
    "doelen": "De doelen zijn bereikt.",
    "duurzame_veranderingen": "Een vaste instructietafel en een derde ruimte.",
    "inclusiever": "Het team bespreekt leerlingen samen.",
    "perspectief": "Ja, in de eigen groep.",
    "leerkracht": "Gedifferentieerde instructie.",
    "andere_leerlingen": "",
    "vervolg": "Nee, het arrangement kan stoppen",
}


def _granted(users, school, *, naam="Evi Evaluatiekind", start=None, end=None, dates=(), **kw):
    aanvraag = make_aanvraag(
        school,
        users["school_a"],
        naam=naam,
        aanvraag_type=AanvraagType.INDIVIDUEEL_ARRANGEMENT,
        **kw,
    )
    services.take_in(aanvraag, users["consulent"])
    start = start or TODAY
    services.decide(
        aanvraag,
        users["commissie"],
        uitkomst="toegekend",
        motivering="Passend.",
        start_date=start,
        end_date=end or start + datetime.timedelta(days=200),
        amount=8000,
        evaluatiedata=list(dates),
    )
    return Aanvraag.objects.get(pk=aanvraag.pk)


def _dates(aanvraag):
    return [(m.due_date, m.bron) for m in aanvraag.evaluatiemomenten.all()]


# --- the moments a besluit plans ----------------------------------------------------------


def test_default_moments_are_halfway_and_at_the_end(loket_users, school_a):
    aanvraag = _granted(loket_users, school_a, start=D(2026, 9, 1), end=D(2027, 7, 1))
    assert _dates(aanvraag) == [(D(2027, 1, 30), "standaard"), (D(2027, 7, 1), "standaard")]
    lines = LogEntry.objects.filter(aanvraag=aanvraag, action=LogEntry.Action.EVALUATIE_GEPLAND)
    assert lines.count() == 2
    assert "2027-01-30" in lines.order_by("pk").first().detail


def test_the_commissie_sets_the_moments_in_the_besluit(loket_users, school_a):
    aanvraag = _granted(
        loket_users, school_a, start=D(2026, 9, 1), dates=[D(2027, 3, 1), D(2026, 12, 1)]
    )
    assert _dates(aanvraag) == [(D(2026, 12, 1), "besluit"), (D(2027, 3, 1), "besluit")]


def test_the_forms_evaluatiedatum_role_is_used_with_the_end_date(loket_users, school_a):
    labels = [
        *LABELS,
        {
            "title": "Planning",
            "fields": [{"name": "eerste", "label": "Eerste evaluatie", "type": "date"}],
            "roles": {"eerste": "evaluatiedatum"},
        },
    ]
    from loket.lifecycle.intake import create_aanvraag_from_submission
    from tests.loket.helpers import submission

    sub = submission(
        school_a, loket_users["school_a"], aanvraag_type=AanvraagType.INDIVIDUEEL_ARRANGEMENT
    )
    sub.labels = labels
    sub.answers = {**sub.answers, "eerste": "2026-11-15"}
    aanvraag = create_aanvraag_from_submission(sub)
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(
        aanvraag,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Passend.",
        start_date=D(2026, 9, 1),
        end_date=D(2027, 7, 1),
        amount=8000,
    )
    assert _dates(aanvraag) == [(D(2026, 11, 15), "formulier"), (D(2027, 7, 1), "formulier")]


def test_a_date_before_the_start_is_refused_and_nothing_is_decided(loket_users, school_a):
    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], aanvraag_type=AanvraagType.INDIVIDUEEL_ARRANGEMENT
    )
    services.take_in(aanvraag, loket_users["consulent"])
    with pytest.raises(TransitionError, match="vóór de ingangsdatum") as refused:
        services.decide(
            aanvraag,
            loket_users["commissie"],
            uitkomst="toegekend",
            motivering="Passend.",
            start_date=D(2026, 9, 1),
            end_date=D(2027, 7, 1),
            amount=8000,
            evaluatiedata=[D(2026, 8, 1)],
        )
    assert refused.value.status == 400
    assert not Besluit.objects.filter(aanvraag=aanvraag).exists()
    assert not Evaluatiemoment.objects.exists()


def test_a_refusal_and_a_tlv_get_no_moments(loket_users, school_a):
    refused = make_aanvraag(
        school_a, loket_users["school_a"], aanvraag_type=AanvraagType.INDIVIDUEEL_ARRANGEMENT
    )
    services.take_in(refused, loket_users["consulent"])
    services.decide(refused, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    a_tlv = make_aanvraag(
        school_a, loket_users["school_a"], naam="Tom Tlv", aanvraag_type=AanvraagType.TLV
    )
    services.take_in(a_tlv, loket_users["consulent"])
    services.decide(
        a_tlv,
        loket_users["commissie"],
        uitkomst="toegekend",
        motivering="Passend.",
        tlv_categorie=1,
        start_date=D(2026, 9, 1),
    )
    assert not Evaluatiemoment.objects.exists()


def test_the_besluit_form_in_the_admin_takes_the_dates(client, loket_users, school_a):
    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], aanvraag_type=AanvraagType.INDIVIDUEEL_ARRANGEMENT
    )
    services.take_in(aanvraag, loket_users["consulent"])
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert "Evaluatiemoment 1 (optioneel)" in page
    response = client.post(
        f"/admin/loket/{aanvraag.pk}/actie/besluit/",
        {
            "besluit-uitkomst": "toegekend",
            "besluit-motivering": "Passend.",
            "besluit-start_date": "2026-09-01",
            "besluit-end_date": "2027-07-01",
            "besluit-amount": "8000",
            "besluit-evaluatie_1": "2027-02-01",
        },
    )
    assert response.status_code == 302
    assert _dates(aanvraag) == [(D(2027, 2, 1), "besluit")]


# --- reminders ------------------------------------------------------------------------------


def test_reminders_once_per_moment_per_kind_without_pupil_data(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = _granted(
        loket_users, school_a, naam="Rosa Geheimnaam", start=D(2026, 9, 1), dates=[D(2027, 3, 1)]
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert evaluatie.remind(D(2027, 2, 14)) == (0, 0)  # 15 days before: not yet
        assert evaluatie.remind(D(2027, 2, 15)) == (1, 0)  # 14 days before (the default)
        assert evaluatie.remind(D(2027, 2, 20)) == (0, 0)  # once
        call_command("evaluatie_herinneren", "--datum", "2027-03-01")  # the day: no more
        assert evaluatie.remind(D(2027, 3, 2)) == (0, 1)  # passed: one overdue reminder
        assert evaluatie.remind(D(2027, 3, 9)) == (0, 0)
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.to == [loket_users["school_a"].email]
        assert aanvraag.reference in message.subject
        body = message.body + message.subject + message.alternatives[0][0]
        assert "Rosa" not in body and "Geheimnaam" not in body
        assert f"/loket/aanvragen/{aanvraag.reference}/" in message.body
        assert "Er is iets veranderd" in message.body
    assert "voorbij" in mail.outbox[1].subject
    lines = LogEntry.objects.filter(action=LogEntry.Action.EVALUATIE_HERINNERING)
    assert lines.count() == 2


def test_no_reminder_for_an_answered_or_no_longer_granted_moment(loket_users, school_a):
    answered = _granted(loket_users, school_a, start=D(2026, 9, 1), dates=[D(2027, 3, 1)])
    answered.evaluatiemomenten.update(status=Evaluatiemoment.Status.ONTVANGEN)
    revised = _granted(
        loket_users, school_a, naam="Ben Herzien", start=D(2026, 9, 1), dates=[D(2027, 3, 1)]
    )
    Besluit.objects.filter(aanvraag=revised).update(uitkomst=Besluit.Uitkomst.AFGEWEZEN)
    assert evaluatie.remind(D(2027, 2, 20)) == (0, 0)
    assert evaluatie.remind(D(2027, 3, 5)) == (0, 0)


def test_a_moment_first_seen_overdue_gets_only_the_overdue_reminder(loket_users, school_a):
    _granted(loket_users, school_a, start=D(2026, 9, 1), dates=[D(2026, 10, 1)])
    assert evaluatie.remind(D(2026, 11, 1)) == (0, 1)
    assert evaluatie.remind(D(2026, 11, 2)) == (0, 0)


def test_the_scheduler_knows_the_job():
    from cms.operations import scheduler

    assert "evaluatie_herinneren" in scheduler.jobs()


# --- the school fills in the evaluation form ------------------------------------------------


@pytest.fixture
def evaluation_form(demo_forms):
    page = demo_forms["evaluatie-arrangement"]
    assert page.handoff == evaluatie.HANDOFF
    return page


def _fill_steps(client, aanvraag, moment, page):
    """Open the moment's evaluation from the aanvraag and fill both steps; not submitted."""
    response = client.post(f"/loket/aanvragen/{aanvraag.reference}/evaluaties/{moment.pk}/")
    assert response.status_code == 302 and "/concept/" in response.url, response
    wizard = Wizard(client, page)
    wizard.key = response.url.rstrip("/").rsplit("/", 1)[-1]
    first = {k: ANSWERS[k] for k in ("doelen", "duurzame_veranderingen", "inclusiever")}
    assert wizard.post("stap1", first).status_code == 302
    rest = {k: ANSWERS[k] for k in ("perspectief", "leerkracht", "andere_leerlingen", "vervolg")}
    assert wizard.post("stap2", rest).status_code == 302
    return wizard


def _fill_in(client, aanvraag, moment, page):
    return _fill_steps(client, aanvraag, moment, page).submit()


def test_a_moment_answered_in_another_tab_is_a_dutch_409_and_keeps_the_draft(
    school_client, loket_users, school_a, evaluation_form
):
    """Both tabs share the moment's draft; when the other one was submitted first, this
    submit is refused with the receiver's reason (not the 503 of a failure)."""
    from forms.models import FormDraft, FormSubmission

    aanvraag = _granted(loket_users, school_a, start=TODAY, dates=[TODAY])
    moment = aanvraag.evaluatiemomenten.get()
    wizard = _fill_steps(school_client, aanvraag, moment, evaluation_form)
    Evaluatiemoment.objects.filter(pk=moment.pk).update(status="ontvangen")  # the other tab

    refused = wizard.submit()
    assert refused.status_code == 409
    text = refused.content.decode()
    assert "al beantwoord" in text and "Er is niets ingediend" in text
    assert FormDraft.objects.filter(key=wizard.key).exists()
    assert not FormSubmission.objects.filter(key=wizard.key).exists()


def test_the_school_evaluates_from_the_aanvraag_page(
    school_client, loket_users, school_a, evaluation_form, django_capture_on_commit_callbacks
):
    aanvraag = _granted(loket_users, school_a, start=TODAY, dates=[TODAY])
    moment = aanvraag.evaluatiemomenten.get()
    page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Evaluatie van het arrangement" in page and "Evaluatie invullen" in page
    count = Aanvraag.objects.count()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _fill_in(school_client, aanvraag, moment, evaluation_form)
    assert response.status_code == 302 and "/ingediend/" in response.url
    confirmation = school_client.get(response.url).content.decode()
    assert aanvraag.reference in confirmation
    moment.refresh_from_db()
    assert moment.status == "ontvangen" and moment.submission_key == moment.draft_key
    assert moment.answers["inclusiever"] == ANSWERS["inclusiever"]
    assert moment.ingediend_door == loket_users["school_a"]
    assert Aanvraag.objects.count() == count  # not a new aanvraag in the besluit flow
    assert LogEntry.objects.filter(
        aanvraag=aanvraag, action=LogEntry.Action.EVALUATIE_ONTVANGEN
    ).exists()
    assert [m.to for m in mail.outbox] == [[loket_users["consulent"].email]]
    page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Ontvangen" in page and ANSWERS["inclusiever"] in page
    assert "Evaluatie invullen" not in page
    # The same moment again: refused in Dutch, nothing saved.
    again = school_client.post(f"/loket/aanvragen/{aanvraag.reference}/evaluaties/{moment.pk}/")
    assert again.status_code == 409
    assert "al beantwoord" in again.content.decode()


def test_the_draft_is_one_per_moment(school_client, loket_users, school_a, evaluation_form):
    aanvraag = _granted(loket_users, school_a, dates=[TODAY])
    moment = aanvraag.evaluatiemomenten.get()
    url = f"/loket/aanvragen/{aanvraag.reference}/evaluaties/{moment.pk}/"
    first, second = school_client.post(url), school_client.post(url)
    assert first.url == second.url
    page = school_client.get(aanvraag.get_absolute_url()).content.decode()
    assert "Verder met de evaluatie" in page
    assert school_client.get(url).status_code == 302  # a GET goes back to the aanvraag


def test_refused_without_a_grant_of_another_school_or_by_staff(
    client, school_client, loket_users, school_a, school_b, evaluation_form
):
    aanvraag = _granted(loket_users, school_a, dates=[TODAY])
    moment = aanvraag.evaluatiemomenten.get()
    url = f"/loket/aanvragen/{aanvraag.reference}/evaluaties/{moment.pk}/"
    # No longer granted (a herziening): a Dutch 409, no draft.
    Besluit.objects.filter(aanvraag=aanvraag).update(uitkomst=Besluit.Uitkomst.AFGEWEZEN)
    response = school_client.post(url)
    assert response.status_code == 409 and "niet toegekend" in response.content.decode()
    Besluit.objects.filter(aanvraag=aanvraag).update(uitkomst=Besluit.Uitkomst.TOEGEKEND)
    # A moment of another aanvraag, or none at all: 404.
    other = _granted(loket_users, school_a, naam="Ander Kind", dates=[TODAY])
    wrong = f"/loket/aanvragen/{other.reference}/evaluaties/{moment.pk}/"
    assert school_client.post(wrong).status_code == 404
    assert (
        school_client.post(f"/loket/aanvragen/{aanvraag.reference}/evaluaties/0/").status_code
        == 404
    )
    # Staff who see the aanvraag do not fill in the school's evaluation.
    login_verified(client, loket_users["commissie"])
    assert client.post(url).status_code == 403
    # Another school: the aanvraag does not exist for them.
    login_verified(client, loket_users["school_b"])
    assert client.post(url).status_code == 404
    moment.refresh_from_db()
    assert moment.draft_key is None and moment.is_open


def test_the_form_is_not_listed_and_its_page_starts_nothing(
    school_client, loket_users, evaluation_form
):
    listing = school_client.get("/loket/aanvragen/nieuw/").content.decode()
    assert evaluation_form.title not in listing
    assert evaluation_form.title not in school_client.get("/loket/").content.decode()
    response = school_client.get(evaluation_form.url)
    assert response.status_code == 403
    assert "vanuit de toegekende aanvraag in Mijn loket" in response.content.decode()
    posted = school_client.post(evaluation_form.url, {"start": "1", "start_key": ""})
    assert posted.status_code == 403


def test_the_hand_off_refuses_a_submission_for_no_moment(loket_users, school_a, evaluation_form):
    from forms import services as form_services

    draft = form_services.start_draft(loket_users["school_a"], evaluation_form, school_a)
    definition = draft.form_page().definition()
    steps = [step.key for step in definition.steps]
    with pytest.raises(form_services.HandOffRefused) as refused:
        form_services.submit(draft, definition, ANSWERS, steps, set(), user=draft.user)
    assert "Mijn loket" in " ".join(refused.value.messages)
    from forms.models import FormDraft, FormSubmission

    assert FormDraft.objects.filter(pk=draft.pk).exists()  # the draft stays
    assert not FormSubmission.objects.exists()


# --- the consulent's work list ----------------------------------------------------------------


def test_work_list_shows_due_overdue_and_received_until_read(
    client, loket_users, school_a, evaluation_form
):
    soon = _granted(
        loket_users, school_a, naam="Kind Binnenkort", dates=[TODAY + datetime.timedelta(days=7)]
    )
    late = _granted(
        loket_users,
        school_a,
        naam="Kind Te Laat",
        start=TODAY - datetime.timedelta(days=60),
        dates=[TODAY - datetime.timedelta(days=1)],
    )
    received = _granted(loket_users, school_a, naam="Kind Ontvangen", dates=[TODAY])
    later = _granted(
        loket_users, school_a, naam="Kind Later", dates=[TODAY + datetime.timedelta(days=60)]
    )
    school = login_verified(client, loket_users["school_a"])
    _fill_in(school, received, received.evaluatiemomenten.get(), evaluation_form)
    login_verified(client, loket_users["consulent"])
    from tests.loket.test_admin_werkvoorraad import _row

    page = client.get("/admin/loket/").content.decode()
    assert "Evaluatie verwacht" in _row(page, soon.reference)
    assert "Evaluatie te laat" in _row(page, late.reference)
    assert "Evaluatie ontvangen" in _row(page, received.reference)
    assert "Evaluatie" not in _row(page, later.reference)
    filtered = client.get("/admin/loket/?actie=evaluatie_te_laat").content.decode()
    assert late.reference in filtered and soon.reference not in filtered
    # The consulent reads it on the aanvraag page and marks it read.
    detail = client.get(f"/admin/loket/{received.pk}/").content.decode()
    assert ANSWERS["duurzame_veranderingen"] in detail and "Gelezen" in detail
    moment = received.evaluatiemomenten.get()
    response = client.post(
        f"/admin/loket/{received.pk}/actie/evaluatie-gelezen/", {"moment": moment.pk}
    )
    assert response.status_code == 302
    page = client.get("/admin/loket/").content.decode()
    assert "Evaluatie ontvangen" not in _row(page, received.reference)
    assert (
        LogEntry.objects.filter(aanvraag=received, action=LogEntry.Action.EVALUATIE_GELEZEN).count()
        == 1
    )
    again = client.post(
        f"/admin/loket/{received.pk}/actie/evaluatie-gelezen/", {"moment": moment.pk}
    )
    assert again.status_code == 409
    bad = client.post(f"/admin/loket/{received.pk}/actie/evaluatie-gelezen/", {"moment": "x"})
    assert bad.status_code == 400


def test_work_list_query_count_does_not_grow_with_evaluations(
    client, loket_users, school_a, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _granted(loket_users, school_a, naam="Kind Een", dates=[TODAY])
    login_verified(client, loket_users["consulent"])
    client.get("/admin/loket/")  # warm per-process caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/loket/").status_code == 200
        return len(queries)

    one = count()
    for n in range(6):
        _granted(
            loket_users,
            school_a,
            naam=f"Kind {n}",
            dates=[TODAY - datetime.timedelta(days=n), TODAY + datetime.timedelta(days=n + 1)],
            start=TODAY - datetime.timedelta(days=10),
        )
    assert count() == one
    with django_assert_max_num_queries(one):
        client.get("/admin/loket/")


def test_retention_forgets_the_engines_copy_of_an_evaluation(
    school_client, loket_users, school_a, evaluation_form
):
    from loket.privacy.retention.rules import _find_submissions

    aanvraag = _granted(loket_users, school_a, dates=[TODAY])
    _fill_in(school_client, aanvraag, aanvraag.evaluatiemomenten.get(), evaluation_form)
    moment = aanvraag.evaluatiemomenten.get()
    future = {"formulierinzending": timezone.now() + datetime.timedelta(days=1)}
    assert moment.submission_key in {s.key for s in _find_submissions(future)}


def test_the_avg_export_holds_the_evaluation(school_client, loket_users, school_a, evaluation_form):
    import json

    from loket.privacy.avg.collect import as_json, collect

    aanvraag = _granted(loket_users, school_a, dates=[TODAY])
    _fill_in(school_client, aanvraag, aanvraag.evaluatiemomenten.get(), evaluation_form)
    collected = collect(aanvraag.dossier.leerling)
    for part in collected["dossiers"]:  # the paths the export gives its files in the ZIP
        for item in part["aanvragen"]:
            for row in [*item.bijlagen.all(), *item.documenten.all()]:
                row.zip_path = f"bestanden/{row.pk}"
    data = json.dumps(as_json(collected))
    assert ANSWERS["duurzame_veranderingen"] in data and '"evaluaties"' in data


def test_a_refusal_revised_to_a_grant_is_evaluated_once(loket_users, school_a):
    from loket.lifecycle.herziening import revise

    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], aanvraag_type=AanvraagType.INDIVIDUEEL_ARRANGEMENT
    )
    services.take_in(aanvraag, loket_users["consulent"])
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    assert not aanvraag.evaluatiemomenten.exists()
    grant = {
        "uitkomst": "toegekend",
        "motivering": "Toch passend.",
        "start_date": D(2026, 9, 1),
        "end_date": D(2027, 7, 1),
        "amount": 8000,
    }
    commissie = loket_users["commissie"]
    revise(aanvraag, commissie, reden="Bezwaar gegrond.", evaluatiedata=[D(2027, 1, 4)], **grant)
    assert _dates(aanvraag) == [(D(2027, 1, 4), "besluit")]
    revise(aanvraag, commissie, reden="Ander bedrag.", **{**grant, "amount": 7000})
    assert _dates(aanvraag) == [(D(2027, 1, 4), "besluit")]  # planned once
