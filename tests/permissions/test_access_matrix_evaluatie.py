"""Moving an evaluation moment (``POST /admin/loket/<pk>/actie/evaluatie-verplaatsen/``),
per visitor.

The consulent of the school and the commissie move a planned moment; a consulent of
another school does not find the aanvraag (404); school users, externen, the beheerder
(no pupil data) and redacteuren never reach the admin action. Nothing is moved by
anyone else, and nothing answers 500.
"""

import datetime

import pytest

from accounts.models import Role
from loket.models import Evaluatiemoment
from tests.loket.test_evaluatie import _granted
from tests.permissions.matrix import LOGIN, VERIFY, outcome_of, signed_in

# Wagtail answers a refused admin page with a redirect to the dashboard (302 to /admin/).
EXPECTED = {
    "anonymous": LOGIN,
    "unverified": VERIFY,
    "school_a": LOGIN,
    "school_b": LOGIN,
    "externe": LOGIN,
    "redacteur": 302,
    "beheerder": 302,
    "consulent_other": 404,
    "consulent": 302,  # moved: back to the aanvraag
    "commissie": 302,  # moved: back to the aanvraag
}
MOVERS = ("consulent", "commissie")


@pytest.mark.django_db
def test_moving_an_evaluation_moment_access_matrix(loket_users, make_user, school_a):
    today = datetime.date.today()
    aanvraag = _granted(
        loket_users, school_a, naam="Geheime Leerling", dates=[today + datetime.timedelta(30)]
    )
    moment = aanvraag.evaluatiemomenten.get()
    people = {
        **loket_users,
        "consulent_other": make_user(Role.CONSULENT, email="andere-consulent@swv.example"),
    }
    url = f"/admin/loket/{aanvraag.pk}/actie/evaluatie-verplaatsen/"
    failures = []
    for offset, (actor, expected) in enumerate(EXPECTED.items(), start=40):
        new_date = today + datetime.timedelta(days=offset)  # a new date for every visitor
        data = {
            "verplaatsen-moment": str(moment.pk),
            "verplaatsen-datum": new_date.isoformat(),
            "verplaatsen-reden": "Later.",
        }
        before = Evaluatiemoment.objects.get(pk=moment.pk).due_date
        response = signed_in(actor, people).post(url, data)
        outcome = outcome_of(response)
        if response.status_code >= 500 or outcome != expected:
            failures.append((actor, outcome, expected))
        if actor in ("redacteur", "beheerder") and response.status_code == 302:
            assert response["Location"] == "/admin/", actor
        after = Evaluatiemoment.objects.get(pk=moment.pk).due_date
        assert (after == new_date) if actor in MOVERS else (after == before), actor
        if actor not in MOVERS:
            assert "Geheime" not in response.content.decode(), actor
    assert not failures, failures
