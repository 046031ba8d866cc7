"""Who consents: “wanneer een leerling 16 jaar of ouder is” the pupil, else a parent
(seed ``memo-top-dossier-platform.txt``). The rule on dates around the 16th birthday,
then through HTTP: the school's registration form and the link page."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from devkit.clients import login_verified
from loket.errors import TransitionError
from loket.instemming import services as instemming
from loket.instemming import wie
from loket.models import Instemming, LogEntry
from tests.loket.helpers import make_aanvraag

D = datetime.date
OUDER, LEERLING = Instemming.Rol.OUDER, Instemming.Rol.LEERLING


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()


@pytest.mark.parametrize(
    ("born", "day", "age", "role"),
    [
        (D(2010, 5, 10), D(2026, 5, 9), 15, OUDER),  # the day before the 16th birthday
        (D(2010, 5, 10), D(2026, 5, 10), 16, LEERLING),  # on the day
        (D(2010, 5, 10), D(2026, 5, 11), 16, LEERLING),  # the day after
        (D(2010, 12, 31), D(2026, 12, 31), 16, LEERLING),  # on the last day of the year
        (D(2011, 1, 1), D(2026, 12, 31), 15, OUDER),
        # 29 February: 16 years on is a leap year again, so the birthday is that day ...
        (D(2008, 2, 29), D(2024, 2, 28), 15, OUDER),
        (D(2008, 2, 29), D(2024, 2, 29), 16, LEERLING),
        (D(2008, 2, 29), D(2024, 3, 1), 16, LEERLING),
        # ... except across 2100 (no leap year): then 1 March, never 28 February.
        (D(2084, 2, 29), D(2100, 2, 28), 15, OUDER),
        (D(2084, 2, 29), D(2100, 3, 1), 16, LEERLING),
        (D(2008, 2, 29), D(2023, 2, 28), 14, OUDER),  # a 15th birthday in a common year
        (D(2008, 2, 29), D(2023, 3, 1), 15, OUDER),
    ],
)
def test_the_pupil_consents_from_the_16th_birthday(born, day, age, role):
    assert wie.age_on(born, day) == age
    assert wie.role_for_birth_date(born, day) == role


def test_without_a_pupil_a_parent_is_asked():
    assert wie.role_for_birth_date(None, D(2026, 1, 1)) == OUDER


def _years_ago(years, days=0):
    today = timezone.localdate()
    try:
        born = today.replace(year=today.year - years)
    except ValueError:  # 29 February
        born = today.replace(year=today.year - years, day=28)
    return (born - datetime.timedelta(days=days)).isoformat()


@pytest.fixture
def pupil_17(loket_users, school_a):
    return make_aanvraag(school_a, loket_users["school_a"], geboortedatum=_years_ago(17))


@pytest.fixture
def pupil_10(loket_users, school_a):
    return make_aanvraag(school_a, loket_users["school_a"], geboortedatum=_years_ago(10))


def test_the_rule_is_checked_on_the_day_consent_was_given(loket_users, school_a):
    """Signed by a parent while the pupil was 15, registered after the 16th birthday."""
    turns_16_in_20_days = _years_ago(16, days=-20)
    aanvraag = make_aanvraag(school_a, loket_users["school_a"], geboortedatum=turns_16_in_20_days)
    assert wie.expected_role(aanvraag) == OUDER
    aanvraag = make_aanvraag(
        school_a,
        loket_users["school_a"],
        naam="Ouder Leerling",
        geboortedatum=_years_ago(16, days=5),
    )
    assert wie.expected_role(aanvraag) == LEERLING
    signed = timezone.localdate() - datetime.timedelta(days=10)
    record = instemming.register_outside(
        aanvraag, loket_users["school_a"], datum=signed, toelichting="Getekend.", rol=OUDER
    )
    assert record.rol == OUDER and record.reden_namens == ""


def test_a_parent_for_a_pupil_of_16_needs_a_reason(pupil_17, pupil_10, loket_users):
    school_user = loket_users["school_a"]
    today = timezone.localdate()
    with pytest.raises(TransitionError, match="16 jaar of ouder en stemt zelf in") as refused:
        instemming.register_outside(
            pupil_17, school_user, datum=today, toelichting="Getekend.", rol=OUDER
        )
    assert refused.value.status == 400
    own = instemming.register_outside(pupil_17, school_user, datum=today, toelichting="Ja.")
    assert own.rol == LEERLING  # the default is who the rule says
    # A refusal may be registered for whoever refused: it only ever stops a besluit.
    refusal = instemming.register_outside(
        pupil_17, school_user, datum=today, toelichting="Nee.", gegeven=False, rol=OUDER
    )
    assert refusal.rol == OUDER
    with pytest.raises(TransitionError, match="jonger dan 16"):
        instemming.register_outside(
            pupil_10, school_user, datum=today, toelichting="Ja.", rol=LEERLING
        )
    with pytest.raises(TransitionError, match="jonger dan 16"):
        instemming.request_by_email(
            pupil_10,
            school_user,
            emails=["kind@thuis.example"],
            onderwerp="",
            ends_on=today,
            rol=LEERLING,
        )


def test_the_registration_form_for_a_pupil_of_17(client, pupil_17, loket_users):
    login_verified(client, loket_users["school_a"])
    url = f"/loket/aanvragen/{pupil_17.reference}/instemming/"
    page = client.get(url).content.decode()
    assert "16 jaar of ouder en stemt zelf in" in page
    assert 'name="informeren"' in page and 'name="reden_namens"' in page
    assert re.search(r'value="leerling"[^>]*checked', page)  # the rule's choice first
    today = timezone.localdate().isoformat()
    on_behalf = {"wijze": "buiten", "datum": today, "toelichting": "Getekend.", "rol": "ouder"}
    refused = client.post(url, on_behalf)
    assert refused.status_code == 400
    assert "Schrijf waarom een ouder/verzorger namens de leerling instemt." in (
        refused.content.decode()
    )
    assert not pupil_17.instemmingen.exists()  # nothing registered
    reason = "De leerling kan hier zelf niet over beslissen (curatele)."
    done = client.post(url, {**on_behalf, "reden_namens": reason})
    assert done.status_code == 302
    record = pupil_17.instemmingen.get()
    assert (record.rol, record.reden_namens) == (OUDER, reason)
    line = LogEntry.objects.get(aanvraag=pupil_17, action="instemming_geregistreerd")
    assert line.detail == f"instemming {record.pk}, door ouder/verzorger"
    assert reason not in line.detail  # free text stays on the record
    shown = client.get(pupil_17.get_absolute_url()).content.decode()
    assert "Ouder/verzorger" in shown and "namens de leerling" in shown
    assert f"instemming {record.pk}, door ouder/verzorger" in shown  # the logboek


def test_the_registration_form_for_a_pupil_of_10(client, pupil_10, loket_users):
    login_verified(client, loket_users["school_a"])
    url = f"/loket/aanvragen/{pupil_10.reference}/instemming/"
    page = client.get(url).content.decode()
    assert "jonger dan 16 jaar: een ouder of verzorger stemt in" in page
    assert 'name="informeren"' not in page and 'name="reden_namens"' not in page
    today = timezone.localdate().isoformat()
    refused = client.post(
        url, {"wijze": "buiten", "datum": today, "toelichting": "Ja.", "rol": "leerling"}
    )
    assert refused.status_code == 400
    assert "jonger dan 16 jaar" in refused.content.decode()
    assert (
        client.post(url, {"wijze": "buiten", "datum": today, "toelichting": "Ja."}).status_code
        == 302
    )
    assert pupil_10.instemmingen.get().rol == OUDER


def _open_with_code(link, outbox):
    person = Client()
    page = person.get(link)
    person.post(link)
    code = re.search(r"\b(\d{6})\b", outbox[-1].body).group(1)
    assert person.post(link + "code/", {"code": code}).status_code == 302
    return person, page


def _ask(client, aanvraag, outbox, capture, **extra):
    with capture(execute=True):
        response = client.post(
            f"/loket/aanvragen/{aanvraag.reference}/instemming/",
            {
                "wijze": "email",
                "onderwerp": "Instemming",
                "ends_on": (timezone.localdate() + datetime.timedelta(days=7)).isoformat(),
                **extra,
            },
        )
    assert response.status_code == 302, response.content.decode()
    return [m for m in outbox if "/instemming/" in m.body]


def test_a_pupil_of_17_gets_the_link_and_the_parents_a_notice(
    client, pupil_17, loket_users, mailoutbox, django_capture_on_commit_callbacks
):
    login_verified(client, loket_users["school_a"])
    [mail] = _ask(
        client,
        pupil_17,
        mailoutbox,
        django_capture_on_commit_callbacks,
        emails="leerling@thuis.example",
        informeren="ouder@thuis.example\nouder2@thuis.example",
    )
    assert mail.to == ["leerling@thuis.example"] and mail.body.startswith("Beste leerling,")
    notices = [m for m in mailoutbox if m.to[0].startswith("ouder")]
    assert sorted(m.to[0] for m in notices) == ["ouder2@thuis.example", "ouder@thuis.example"]
    for notice in notices:
        assert "/instemming/" not in notice.body and "16 jaar" in notice.body
        assert "Sanne" not in notice.body  # no pupil data in any mail
    record = pupil_17.instemmingen.get()
    assert record.rol == LEERLING
    assert LogEntry.objects.filter(aanvraag=pupil_17, action="instemming_geinformeerd").exists()
    link = re.search(r"http://testserver(/instemming/[^/\s]+/)", mail.body).group(1)
    person, first = _open_with_code(link, mailoutbox)
    assert "de leerling zelf" in first.content.decode()
    page = person.get(link + "antwoord/").content.decode()
    assert "de leerling zelf" in page and "ouder of verzorger" not in page
    person.post(link + "antwoord/", {"antwoord": "ja"})
    answered = LogEntry.objects.get(aanvraag=pupil_17, action="instemming_beantwoord")
    assert answered.role == "leerling"


def test_a_parent_gets_the_link_for_a_pupil_of_10(
    client, pupil_10, loket_users, mailoutbox, django_capture_on_commit_callbacks
):
    login_verified(client, loket_users["school_a"])
    [mail] = _ask(
        client,
        pupil_10,
        mailoutbox,
        django_capture_on_commit_callbacks,
        emails="ouder@thuis.example",
        informeren="genegeerd@thuis.example",  # not a field for a pupil under 16
    )
    assert mail.body.startswith("Beste ouder/verzorger,")
    assert len(mailoutbox) == 1
    link = re.search(r"http://testserver(/instemming/[^/\s]+/)", mail.body).group(1)
    person, first = _open_with_code(link, mailoutbox)
    assert "een ouder of verzorger van de leerling" in first.content.decode()
    assert "een ouder of verzorger" in person.get(link + "antwoord/").content.decode()
    person.post(link + "antwoord/", {"antwoord": "nee"})
    answered = LogEntry.objects.get(aanvraag=pupil_10, action="instemming_beantwoord")
    assert answered.role == "ouder/verzorger"
    assert pupil_10.instemmingen.get().status == Instemming.Status.GEWEIGERD
