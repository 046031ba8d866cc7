"""TLV terms (issue 25): the end date and re-request date rules around 31 July and
15 April, the reminder from the scheduler (once, without pupil data), the list of
TLVs that end, and the verlenging that names the TLV it extends."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.lifecycle import services, tlv
from loket.models import Aanvraag, Besluit, LogEntry, LoketSettings
from loket.types import AanvraagType
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db
D = datetime.date


# --- the date rules ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "years", "end"),
    [
        (D(2026, 8, 1), 1, D(2027, 7, 31)),  # first day of a school year
        (D(2026, 7, 31), 1, D(2026, 7, 31)),  # last day: ends that same day
        (D(2027, 1, 15), 1, D(2027, 7, 31)),  # mid-year: end of this school year
        (D(2026, 9, 1), 2, D(2028, 7, 31)),  # two school years
        (D(2026, 9, 1), 0, D(2027, 7, 31)),  # never shorter than one
    ],
)
def test_default_end_is_31_july_of_the_last_school_year(start, years, end):
    assert tlv.default_end(start, years) == end


def test_heraanvraag_date_is_15_april_of_the_last_school_year():
    settings_row = LoketSettings.load()
    assert tlv.heraanvraag_date(D(2027, 7, 31), settings_row) == D(2027, 4, 15)
    assert tlv.reminder_date(D(2027, 7, 31), settings_row) == D(2027, 3, 4)  # 6 weeks
    # A TLV ending in December (the commissie's own end date) is asked again before
    # its end, never after it.
    assert tlv.heraanvraag_date(D(2026, 12, 31), settings_row) == D(2026, 12, 31)
    assert tlv.heraanvraag_date(D(2027, 3, 1), settings_row) == D(2027, 3, 1)


def test_beheerder_sets_another_heraanvraag_date_and_29_february_is_kept_sane():
    settings_row = LoketSettings.load()
    settings_row.tlv_heraanvraag_maand, settings_row.tlv_heraanvraag_dag = 2, 29
    settings_row.full_clean()
    assert tlv.heraanvraag_date(D(2028, 7, 31), settings_row) == D(2028, 2, 29)
    assert tlv.heraanvraag_date(D(2027, 7, 31), settings_row) == D(2027, 2, 28)
    settings_row.tlv_heraanvraag_maand, settings_row.tlv_heraanvraag_dag = 4, 31
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="bestaat niet"):
        settings_row.full_clean()


# --- the besluit ---------------------------------------------------------------------


def _tlv(loket_users, school, naam="Tim Termijn", kind=AanvraagType.TLV, user=None):
    aanvraag = make_aanvraag(school, user or loket_users["school_a"], naam=naam, aanvraag_type=kind)
    services.take_in(aanvraag, loket_users["consulent"])
    return aanvraag


def _grant(aanvraag, commissie, start, end=None, categorie=1):
    besluit, _warnings = services.decide(
        aanvraag,
        commissie,
        uitkomst="toegekend",
        motivering="Passend.",
        tlv_categorie=categorie,
        start_date=start,
        end_date=end,
    )
    return besluit


def test_a_tlv_granted_without_end_date_ends_on_31_july(loket_users, school_a):
    besluit = _grant(_tlv(loket_users, school_a), loket_users["commissie"], D(2026, 8, 1))
    assert besluit.end_date == D(2027, 7, 31)
    assert besluit.tlv_categorie == Besluit.TlvCategorie.LAAG


def test_end_before_start_is_refused_and_nothing_is_saved(client, loket_users, school_a):
    aanvraag = _tlv(loket_users, school_a)
    login_verified(client, loket_users["commissie"])
    response = client.post(
        f"/admin/loket/{aanvraag.pk}/actie/besluit/",
        {
            "besluit-uitkomst": "toegekend",
            "besluit-motivering": "Passend.",
            "besluit-tlv_categorie": "2",
            "besluit-start_date": "2026-08-01",
            "besluit-end_date": "2026-07-31",
        },
    )
    assert response.status_code == 400
    assert "De einddatum ligt vóór de ingangsdatum." in response.content.decode()
    assert not Besluit.objects.exists()
    assert Aanvraag.objects.get(pk=aanvraag.pk).status == Aanvraag.Status.IN_BEHANDELING


@time_machine.travel(datetime.datetime(2026, 9, 10, 10, 0), tick=False)
def test_besluit_form_proposes_the_term_and_the_pdf_shows_it(client, loket_users, school_a):
    aanvraag = _tlv(loket_users, school_a)
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/admin/loket/{aanvraag.pk}/").content.decode()
    assert 'value="2027-07-31"' in page  # default end: 31 July of this school year
    _grant(aanvraag, loket_users["commissie"], D(2026, 9, 10), categorie=2)
    from loket.lifecycle import documenten
    from tests.loket.helpers import pdf_text

    text = pdf_text(documenten.render_document(Aanvraag.objects.get(pk=aanvraag.pk), "besluit"))
    assert "Categorie 2 (midden)" in text
    assert "31 juli 2027" in text and "15 april 2027" in text


# --- the reminder --------------------------------------------------------------------


def test_reminder_is_sent_once_from_its_date_without_pupil_data(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    aanvraag = _tlv(loket_users, school_a, naam="Rosa Herinnerkind")
    _grant(aanvraag, loket_users["commissie"], D(2026, 8, 1))  # ends 31 July 2027
    mail.outbox.clear()
    with (
        time_machine.travel(datetime.datetime(2027, 3, 3, 12, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("tlv_herinneren")
    assert not mail.outbox  # one day before the reminder date (4 March)
    with (
        time_machine.travel(datetime.datetime(2027, 3, 4, 12, 0), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        call_command("tlv_herinneren")
        call_command("tlv_herinneren")  # a second run sends nothing
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [loket_users["school_a"].email]
    assert aanvraag.reference in message.subject
    assert "Rosa" not in message.body + message.subject + message.alternatives[0][0]
    assert f"/loket/aanvragen/{aanvraag.reference}/" in message.body
    assert LogEntry.objects.filter(action=LogEntry.Action.TLV_HERINNERING).count() == 1


def test_no_reminder_when_a_verlenging_was_asked_or_the_tlv_ended(loket_users, school_a):
    old = _tlv(loket_users, school_a)
    besluit = _grant(old, loket_users["commissie"], D(2026, 8, 1))
    verlenging = make_aanvraag(
        school_a,
        loket_users["school_a"],
        naam="Tim Termijn",
        aanvraag_type=AanvraagType.TLV_VERLENGING,
    )
    tlv.link_verlenging(verlenging, loket_users["school_a"], besluit.pk)
    assert tlv.remind(D(2027, 4, 1)) == 0
    Aanvraag.objects.filter(pk=verlenging.pk).update(status=Aanvraag.Status.INGETROKKEN)
    assert tlv.remind(D(2027, 8, 1)) == 0  # ended: too late for a reminder
    assert tlv.remind(D(2027, 4, 1)) == 1


def test_the_scheduler_knows_the_job():
    from cms.operations import scheduler

    assert "tlv_herinneren" in scheduler.jobs()


# --- the list of TLVs that end ---------------------------------------------------------


@time_machine.travel(datetime.datetime(2027, 3, 1, 10, 0), tick=False)
def test_staff_see_tlvs_ending_in_the_coming_months(
    client, loket_users, school_a, school_b, make_user
):
    from accounts.models import Role

    ending = _tlv(loket_users, school_a, naam="Eva Eindigt")
    _grant(ending, loket_users["commissie"], D(2026, 8, 1))  # 31 July 2027
    later = _tlv(loket_users, school_a, naam="Lars Later")
    _grant(later, loket_users["commissie"], D(2026, 8, 1), D(2028, 7, 31))
    login_verified(client, loket_users["consulent"])
    page = client.get("/admin/loket/tlvs/").content.decode()
    assert ending.reference in page and later.reference not in page
    assert "15 april 2027" in page
    assert later.reference not in client.get("/admin/loket/tlvs/?maanden=12").content.decode()
    response = client.get("/admin/loket/tlvs/?maanden=abc")
    assert response.status_code == 400 and "Kies 3, 6 of 12 maanden." in response.content.decode()
    other = make_user(Role.CONSULENT, email="elders@swv.example")
    login_verified(client, other)
    assert ending.reference not in client.get("/admin/loket/tlvs/").content.decode()
    login_verified(client, loket_users["school_a"])
    assert client.get("/admin/loket/tlvs/").status_code in (302, 403)


# --- the verlenging names the TLV it extends -----------------------------------------------


def test_school_links_its_verlenging_and_both_sides_show_it(
    client, loket_users, school_a, school_b
):
    from accounts.models import ConsulentAssignment

    ConsulentAssignment.objects.create(school=school_b, consulent=loket_users["consulent"])
    old = _tlv(loket_users, school_a, naam="Vik Verleng")
    besluit = _grant(old, loket_users["commissie"], D(2026, 8, 1))
    other_school = _tlv(loket_users, school_b, naam="Vik Verleng", user=loket_users["school_b"])
    foreign = _grant(other_school, loket_users["commissie"], D(2026, 8, 1))
    verlenging = make_aanvraag(
        school_a,
        loket_users["school_a"],
        naam="Vik Verleng",
        aanvraag_type=AanvraagType.TLV_VERLENGING,
    )
    url = f"/loket/aanvragen/{verlenging.reference}/verlengt/"
    login_verified(client, loket_users["school_a"])
    page = client.get(verlenging.get_absolute_url()).content.decode()
    assert old.reference in page and other_school.reference not in page
    response = client.post(url, {"besluit": foreign.pk})  # another school's TLV
    assert response.status_code == 400
    assert "Kies een toegekende TLV van deze leerling" in response.content.decode()
    assert Aanvraag.objects.get(pk=verlenging.pk).verlengt_id is None
    assert client.post(url, {"besluit": besluit.pk}).status_code == 302
    assert Aanvraag.objects.get(pk=verlenging.pk).verlengt_id == besluit.pk
    assert verlenging.reference in client.get(old.get_absolute_url()).content.decode()
    services.take_in(verlenging, loket_users["consulent"])
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/admin/loket/{verlenging.pk}/").content.decode()
    assert old.reference in page and 'value="2027-08-01"' in page  # starts after the old
    assert client.post(url, {"besluit": besluit.pk}).status_code == 403  # the school's choice
    login_verified(client, loket_users["school_b"])
    assert client.post(url, {"besluit": foreign.pk}).status_code == 404


def test_link_refuses_a_decided_aanvraag_and_other_types(loket_users, school_a):
    old = _tlv(loket_users, school_a)
    besluit = _grant(old, loket_users["commissie"], D(2026, 8, 1))
    with pytest.raises(TransitionError, match="Alleen een TLV-verlenging") as error:
        tlv.link_verlenging(old, loket_users["school_a"], besluit.pk)
    assert error.value.status == 400
