"""Who may fill in forms, and on behalf of which organisations.

The engine names no role. An app registers a ``FillerPolicy`` in ``fillers``
(usually in its ``AppConfig.ready()``). A user may fill in forms when any
registered policy lets them; they act for the organisations those policies give
them, and every draft and submission records the organisation chosen at the
start. With no policy registered, nobody fills in anything (safe default).
"""

from collections.abc import Callable
from dataclasses import dataclass

from .registry import Registry


@dataclass(frozen=True)
class FillerPolicy:
    label: str
    # may_fill_in(user) -> bool: a logged-in user the policy lets fill in forms.
    may_fill_in: Callable
    # organisations(user) -> QuerySet of accounts.Organisation the user acts for.
    organisations: Callable
    # Shown on the start page when the user must choose ("Kies de ... ").
    choose_message: str = "Kies de organisatie waarvoor je dit formulier invult."
    organisation_noun: str = "organisatie"


fillers = Registry("form filler policies")


def _policies_for(user):
    if not user.is_authenticated:
        return []
    return [policy for _key, policy in fillers if policy.may_fill_in(user)]


def may_fill_in(user):
    """Whether ``user`` may fill in forms at all (the list, the wizard, the drafts).

    Two-factor verification is the engine's own rule, whatever a policy says.
    """
    if not user.is_authenticated or not user.is_verified():
        return False
    return bool(_policies_for(user)) and organisations_of(user).exists()


def organisations_of(user):
    """The organisations ``user`` may fill in forms for (an ``Organisation`` queryset)."""
    from accounts.models import Organisation

    policies = _policies_for(user)
    if not policies:
        return Organisation.objects.none()
    queryset = policies[0].organisations(user)
    for policy in policies[1:]:
        queryset = queryset | policy.organisations(user)
    return queryset.distinct()


def policy_for(user):
    """The first policy that lets ``user`` fill in (for its wording), else ``None``."""
    policies = _policies_for(user)
    return policies[0] if policies else None
