"""The access matrix of the register of AVG requests (``/admin/avg-verzoeken/``):
walked from the URL resolver, so a new URL there without a row fails. Only the
privacy officer gets in; every other role (the commissie, who may make an art. 15
export, included) is refused before anything is looked up.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.models import Role
from loket.privacy.verzoeken import services
from tests.loket.helpers import make_aanvraag
from tests.permissions.matrix import LOGIN, VERIFY, outcome_of, signed_in
from tests.urlwalk import iter_url_patterns

PREFIX = "/admin/avg-verzoeken/"
ACTORS = [
    "anonymous",
    "unverified",
    "school_a",
    "externe",
    "redacteur",
    "consulent",
    "commissie",
    "beheerder",
    "privacy",
]
NO_ADMIN = {"anonymous": LOGIN, "unverified": VERIFY, "school_a": LOGIN, "externe": LOGIN}


def _row(**allowed):
    # Wagtail answers a refused admin page with a redirect to the dashboard (302).
    row = dict.fromkeys(ACTORS, 302)
    row.update(NO_ADMIN)
    row.update(allowed)
    return row


EXPECTED = {
    "avg_verzoeken:index": _row(privacy=200),
    "avg_verzoeken:new": _row(privacy=200),
    "avg_verzoeken:verwerkingsregister": _row(privacy=200),
    "avg_verzoeken:detail": _row(privacy=200),
    "avg_verzoeken:step": _row(privacy=405),  # POST only; the role is checked first
}


@pytest.fixture
def world(loket_users, make_user):
    aanvraag = make_aanvraag(
        loket_users["school_a"].schools().first(), loket_users["school_a"], naam="Geheime Leerling"
    )
    privacy = make_user(Role.PRIVACY, email="privacy@swv.example")
    verzoek = services.register(
        privacy, aanvraag.dossier.leerling, "beperking", datetime.date.today()
    )
    actors = {
        name: loket_users[name]
        for name in ("school_a", "externe", "redacteur", "consulent", "commissie", "beheerder")
    }
    actors["privacy"] = privacy
    return {"actors": actors, "verzoek": verzoek, "aanvraag": aanvraag}


def _urls(world):
    urls = {}
    for sample_path, view_name, pattern in iter_url_patterns():
        if not sample_path.startswith(PREFIX):
            continue
        kwargs = {}
        converters = pattern.pattern.converters
        if "pk" in converters:
            kwargs["pk"] = world["verzoek"].pk
        if "stap" in converters:
            kwargs["stap"] = "beperken"
        urls[view_name] = reverse(view_name, kwargs=kwargs or None)
    return urls


def test_verzoeken_access_matrix(world):
    urls = _urls(world)
    assert set(urls) == set(EXPECTED), "every URL needs its row"
    failures = []
    for actor in ACTORS:
        client = signed_in(actor, world["actors"])
        for name, url in urls.items():
            response = client.get(url)
            outcome = outcome_of(response)
            if outcome != EXPECTED[name][actor]:
                failures.append((actor, url, outcome, EXPECTED[name][actor]))
            if actor != "privacy" and "Geheime" in response.content.decode():
                failures.append((actor, "sees the pupil", url))
    assert not failures, failures


@pytest.mark.parametrize("actor", ["consulent", "commissie", "beheerder", "redacteur"])
def test_steps_refused_to_everyone_but_the_privacy_officer(world, actor):
    client = signed_in(actor, world["actors"])
    url = reverse("avg_verzoeken:step", args=[world["verzoek"].pk, "beperken"])
    response = client.post(url, {"dossier": world["aanvraag"].dossier_id})
    assert response.status_code in (302, 403)
    world["aanvraag"].dossier.refresh_from_db()
    assert not world["aanvraag"].dossier.is_restricted
    assert world["verzoek"].stappen.count() == 1
