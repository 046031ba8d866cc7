"""The admin's actions on an aanvraag are one keyed registry (``loket.staff.actions``)."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from loket.errors import TransitionError
from loket.staff import views  # noqa: F401 - importing the views registers every action
from loket.staff.actions import actions, register_group, run


def test_every_action_of_the_detail_page_is_registered():
    names = {name for name, _function in actions.items()}
    assert {
        "in-behandeling",
        "toewijzen",
        "aanvulling",
        "terugkoppeling",
        "besluit",
        "archiveren",
        "notitie",
        "actiepunt",
        "actiepunt-afronden",
        "agenderen",
        "van-agenda",
    } <= names


def test_a_second_action_under_a_taken_name_fails_loudly():
    with pytest.raises(ImproperlyConfigured, match="besluit"):
        register_group(["besluit"], lambda *args: "")


def test_an_unknown_action_is_a_dutch_404():
    with pytest.raises(TransitionError) as refused:
        run("bestaat-niet", None, None, {})
    assert refused.value.status == 404
    assert refused.value.message == "Onbekende actie."
