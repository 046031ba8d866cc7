"""Who a federated identity may become in the portal, and whether it counts as two factors.

The rules of issue 29: an identity reaches only an existing, active account that is
a member of the organisation whose provider vouched for it; the first login matches
the configured claim against the account's e-mail address and stores (issuer,
subject); later logins use that link only. Roles and memberships are never read
from the IdP. A beheerder's break-glass account (a superuser) never logs in this
way: it keeps password + authenticator app.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Membership

from .models import FederatedDevice, FederatedIdentity, LoginEvent, OidcProvider

Outcome = LoginEvent.Outcome


class Refused(Exception):
    """No account for this identity; ``outcome``/``reason`` go to the security log."""

    def __init__(self, outcome, reason="", user=None):
        super().__init__(outcome)
        self.outcome, self.reason, self.user = outcome, reason, user


def providers_for_login():
    """The providers whose button the login page shows."""
    return OidcProvider.objects.filter(is_active=True, organisation__is_active=True).select_related(
        "organisation"
    )


def _match_by_claim(provider, claims):
    value = claims.get(provider.match_claim)
    if not isinstance(value, str) or not value.strip():
        raise Refused(Outcome.UNKNOWN, "no_claim")
    if (
        provider.match_claim == OidcProvider.MatchClaim.EMAIL
        and claims.get("email_verified") is False
    ):
        raise Refused(Outcome.UNKNOWN, "email_unverified")
    user = get_user_model().objects.filter(email__iexact=value.strip()).first()
    if user is None:
        raise Refused(Outcome.UNKNOWN, "no_account")
    if FederatedIdentity.objects.filter(user=user, issuer=claims["iss"]).exists():
        # The account is linked to another subject of this IdP: a recycled or renamed
        # address at the IdP must not take over someone else's portal account.
        raise Refused(Outcome.UNKNOWN, "other_subject", user)
    return user


@transaction.atomic
def account_for(provider, claims):
    """The portal account for checked ID-token ``claims``, or ``Refused``."""
    identity = (
        FederatedIdentity.objects.select_for_update()
        .select_related("user")
        .filter(issuer=claims["iss"], subject=claims["sub"])
        .first()
    )
    if identity is not None:
        user = identity.user
        if identity.organisation_id != provider.organisation_id:
            raise Refused(Outcome.OTHER_ORGANISATION, "linked_elsewhere", user)
    elif provider.link_only:
        # Only a link the user made while logged in (``link_identity``) lets them in.
        raise Refused(Outcome.UNKNOWN, "not_linked")
    else:
        user = _match_by_claim(provider, claims)
    if not user.is_active:
        raise Refused(Outcome.INACTIVE, "inactive", user)
    if user.is_superuser:
        raise Refused(Outcome.UNKNOWN, "break_glass", user)
    if not Membership.objects.filter(user=user, organisation_id=provider.organisation_id).exists():
        raise Refused(Outcome.OTHER_ORGANISATION, "no_membership", user)
    if identity is None:
        identity = FederatedIdentity(
            user=user,
            organisation_id=provider.organisation_id,
            issuer=claims["iss"],
            subject=claims["sub"],
        )
    identity.last_login_at = timezone.now()
    identity.save()
    return user


@transaction.atomic
def link_identity(provider, claims, user):
    """Link the identity the IdP just vouched for to ``user``, who is logged in with
    password and code and asked for it; or ``Refused``.

    This is the way in for IdPs whose identifier cannot be compared with an address
    (Entree's encrypted uid, an eckId): the user proves both sides in one browser.
    An identity already linked to someone else stays theirs; a user has at most one
    identity per IdP, so linking again replaces their own earlier link.
    """
    if not Membership.objects.filter(user=user, organisation_id=provider.organisation_id).exists():
        raise Refused(Outcome.LINK_REFUSED, "no_membership", user)
    taken = (
        FederatedIdentity.objects.select_for_update()
        .filter(issuer=claims["iss"], subject=claims["sub"])
        .exclude(user=user)
        .exists()
    )
    if taken:
        raise Refused(Outcome.LINK_REFUSED, "linked_to_other", user)
    FederatedIdentity.objects.filter(user=user, issuer=claims["iss"]).delete()
    FederatedIdentity.objects.create(
        user=user,
        organisation_id=provider.organisation_id,
        issuer=claims["iss"],
        subject=claims["sub"],
    )
    log(Outcome.LINKED, provider, user=user)


def mfa_asserted(provider, claims):
    """True when this organisation trusts its IdP's MFA and the ID token asserts it."""
    if not provider.trust_idp_mfa:
        return False
    amr = claims.get("amr")
    if isinstance(amr, list) and provider.amr_values() & {v for v in amr if isinstance(v, str)}:
        return True
    acr = claims.get("acr")
    return isinstance(acr, str) and acr in provider.acr_values()


def mfa_device(user):
    """The django-otp device a session verified by the IdP's MFA is bound to."""
    device, _created = FederatedDevice.objects.get_or_create(
        user=user, defaults={"name": "Schoolaccount", "confirmed": True}
    )
    return device


def log(outcome, provider=None, user=None, reason=""):
    LoginEvent.objects.create(
        outcome=outcome,
        organisation_id=provider.organisation_id if provider else None,
        user=user,
        reason=reason[:40],
    )
