"""The school's aanvraag page says where it stands and what the school can do now;
the confirmation after submitting says who handles it (issue 13)."""

import uuid

from accounts.models import ConsulentAssignment
from devkit.clients import login_verified
from loket.lifecycle import services
from loket.lifecycle.intake import describe_submission_result
from loket.models import Aanvraag
from loket.school.status_texts import STATUS_TEXTS, status_text
from tests.loket.helpers import make_aanvraag


def test_every_status_has_its_one_line_explanation():
    assert set(STATUS_TEXTS) == set(Aanvraag.Status)
    for meaning, action in STATUS_TEXTS.values():
        assert str(meaning) and str(action)
        assert "\n" not in str(meaning) + str(action)
    assert status_text("onzin") == {"meaning": "", "action": ""}


def test_status_at_the_top_with_what_the_school_can_do(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], naam="Fien de Vries")
    login_verified(client, loket_users["school_a"])
    url = f"/loket/aanvragen/{aanvraag.reference}/"

    page = client.get(url).content.decode()
    meaning, action = STATUS_TEXTS[Aanvraag.Status.INGEDIEND]
    assert "Status: Ingediend" in page
    assert str(meaning) in page and str(action) in page
    assert page.index("Status: Ingediend") < page.index("Antwoorden zoals ingediend")

    services.take_in(aanvraag, loket_users["consulent"])
    services.request_aanvulling(aanvraag, loket_users["consulent"], "Stuur het OPP mee.")
    page = client.get(url).content.decode()
    assert "Status: Aanvulling gevraagd" in page
    assert str(STATUS_TEXTS[Aanvraag.Status.AANVULLING_GEVRAAGD][1]) in page
    assert 'href="#aanvullen"' in page


def test_besluit_and_terugkoppeling_first_answers_collapsed_per_step(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    services.give_terugkoppeling(aanvraag, loket_users["consulent"], "Mooi plan.")
    services.decide(aanvraag, loket_users["commissie"], uitkomst="afgewezen", motivering="Nee.")
    login_verified(client, loket_users["school_a"])
    page = client.get(f"/loket/aanvragen/{aanvraag.reference}/").content.decode()

    status = page.index("Status: Besloten")
    besluit = page.index('id="besluit-kop"')
    terugkoppeling = page.index('id="tk-kop"')
    answers = page.index('id="antwoorden-kop"')
    assert status < besluit < terugkoppeling < answers
    # One <details> per step of the form, closed by default.
    assert page.count('<details class="answers-step">') == 2
    assert "<summary>Leerling</summary>" in page
    assert "<summary>Onderbouwing</summary>" in page
    assert "<details open" not in page


def test_the_commissie_sees_the_meaning_but_not_the_schools_to_do(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    login_verified(client, loket_users["commissie"])
    page = client.get(f"/loket/aanvragen/{aanvraag.reference}/").content.decode()
    meaning, action = STATUS_TEXTS[Aanvraag.Status.INGEDIEND]
    assert str(meaning) in page and str(action) not in page


def test_the_confirmation_names_the_consulent_or_any_consulent(loket_users, school_a, school_b):
    key = uuid.uuid4()
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    Aanvraag.objects.filter(pk=aanvraag.pk).update(submission_key=key)
    result = describe_submission_result(type("S", (), {"key": key})())
    consulent = loket_users["consulent"]
    assert result["handler"] == f"{consulent}, consulent van het SWV"

    assert not ConsulentAssignment.objects.filter(school=school_b).exists()
    other_key = uuid.uuid4()
    other = make_aanvraag(school_b, loket_users["school_b"])
    Aanvraag.objects.filter(pk=other.pk).update(submission_key=other_key)
    result = describe_submission_result(type("S", (), {"key": other_key})())
    assert result["handler"] == "een consulent van het SWV"
