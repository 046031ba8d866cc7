"""The SWV inbox as a work list: pupil, type, school, consulent, status, absolute Dutch
dates, days waiting and an "actie nodig" marker; the aanvraag page offers one action
at a time in Wagtail's tabs."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import formats, timezone

from devkit.clients import login_verified
from loket.demo.bulk import bulk_aanvragen
from loket.lifecycle import services
from loket.models import Aanvraag
from loket.staff import werkvoorraad
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db


def _row(page, reference):
    """The HTML of the table row that holds ``reference``."""
    for row in re.findall(r"<tr.*?</tr>", page, flags=re.S):
        if reference in row:
            return row
    raise AssertionError(reference)


@pytest.fixture
def four(loket_users, school_a):
    """One aanvraag for each kind of "actie nodig", and one that needs nothing."""
    school, consulent = loket_users["school_a"], loket_users["consulent"]
    unassigned = make_aanvraag(school_a, school, naam="Kind Zonder Consulent")
    Aanvraag.objects.filter(pk=unassigned.pk).update(consulent=None)
    to_take_in = make_aanvraag(school_a, school, naam="Kind Innemen")
    answered = make_aanvraag(school_a, school, naam="Kind Aangevuld")
    services.take_in(answered, consulent)
    services.request_aanvulling(answered, consulent, "Stuur het OPP mee.")
    services.add_aanvulling(answered, school, "Hierbij.", [])
    ready = make_aanvraag(school_a, school, naam="Kind Klaar")
    services.take_in(ready, consulent)
    services.give_terugkoppeling(ready, consulent, "Advies: toekennen.")
    waiting = make_aanvraag(school_a, school, naam="Kind Wacht Op School")
    services.take_in(waiting, consulent)
    services.request_aanvulling(waiting, consulent, "Graag meer informatie.")
    return {
        "toewijzen": unassigned,
        "innemen": to_take_in,
        "aanvulling": answered,
        "besluit": ready,
        "": waiting,
    }


def test_inbox_columns_and_markers(client, loket_users, four):
    login_verified(client, loket_users["commissie"])
    response = client.get("/admin/loket/")
    assert response.status_code == 200
    page = response.content.decode()
    for header in (
        "Leerling",
        "Soort",
        "School",
        "Consulent",
        "Status",
        "Ingediend",
        "Dagen wachtend",
        "Actie nodig",
    ):
        assert header in page, header
    for key, aanvraag in four.items():
        row = _row(page, aanvraag.reference)
        assert aanvraag.dossier.leerling.naam in row
        if key:
            assert str(werkvoorraad.LABELS[key]) in row, key
        else:
            assert not any(str(label) in row for label in werkvoorraad.LABELS.values())
    # An absolute Dutch date, never "... geleden".
    expected = formats.date_format(timezone.localtime(four["innemen"].submitted_at), "j F Y")
    assert expected in _row(page, four["innemen"].reference)
    assert "geleden" not in page
    logboek = client.get("/admin/loket/logboek/").content.decode()
    assert expected in logboek and "geleden" not in logboek
    # Days waiting: 0 today; nothing while the school has the turn.
    assert re.search(r"<td[^>]*>\s*0\s*</td>", _row(page, four["innemen"].reference))


def test_days_waiting_counts_from_the_last_complete_moment(loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    aanvraag.completed_at = timezone.now() - datetime.timedelta(days=9)
    assert werkvoorraad.days_waiting(aanvraag) == 9
    aanvraag.status = Aanvraag.Status.AANVULLING_GEVRAAGD
    assert werkvoorraad.days_waiting(aanvraag) is None


def test_filter_on_actie(client, loket_users, four):
    login_verified(client, loket_users["commissie"])
    page = client.get("/admin/loket/?actie=besluit").content.decode()
    assert four["besluit"].reference in page
    assert four["innemen"].reference not in page
    assert client.get("/admin/loket/?actie=onzin").status_code == 200


def test_no_pupil_column_for_roles_that_may_not_see_names(client, loket_users, four, monkeypatch):
    from permissions import policy

    monkeypatch.setattr(policy, "sees_pupil_names", lambda user: False)
    login_verified(client, loket_users["commissie"])
    page = client.get("/admin/loket/").content.decode()
    assert "Kind Klaar" not in page and "Leerling" not in page
    assert four["besluit"].reference in page


def test_beheerder_has_no_inbox(client, loket_users):
    login_verified(client, loket_users["beheerder"])
    assert client.get("/admin/loket/").status_code in (302, 403)


@pytest.mark.parametrize("who", ["consulent", "commissie"])
def test_inbox_query_count_is_the_same_for_1_and_20(client, loket_users, school_a, who):
    bulk_aanvragen(school_a, loket_users["school_a"], 1)
    login_verified(client, loket_users[who])
    client.get("/admin/loket/")  # warm per-process caches

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/admin/loket/").status_code == 200
        return len(queries)

    one = count()
    bulk_aanvragen(school_a, loket_users["school_a"], 19, start=1)
    assert count() == one


def test_aanvraag_page_shows_one_action_at_a_time(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    services.take_in(aanvraag, loket_users["consulent"])
    login_verified(client, loket_users["commissie"])
    url = f"/admin/loket/{aanvraag.pk}/"
    page = client.get(url).content.decode()
    assert 'data-controller="w-tabs"' in page
    panels = re.findall(r'<section id="tab-([a-z]+)"[^>]*role="tabpanel"[^>]*>', page)
    assert panels == ["toewijzen", "aanvulling", "terugkoppeling", "besluit"]
    visible = [
        key
        for key, tag in re.findall(r'<section id="tab-([a-z]+)"([^>]*)>', page)
        if "hidden" not in tag
    ]
    assert visible == ["besluit"]  # the commissie's action on an aanvraag in behandeling
    # A refused besluit opens its own tab again, with the errors.
    response = client.post(f"{url}actie/besluit/", {"besluit-uitkomst": "toegekend"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'data-w-tabs-active-panel-id-value="tab-besluit"' in page
    # The consulent does not decide: no besluit tab, terugkoppeling first.
    client.logout()
    login_verified(client, loket_users["consulent"])
    page = client.get(url).content.decode()
    assert 'id="tab-besluit"' not in page
    assert 'data-w-tabs-active-panel-id-value="tab-terugkoppeling"' in page
