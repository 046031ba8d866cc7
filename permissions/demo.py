"""Demo inzage: ``extern@cleo.example`` has one valid grant on a school A dossier,
one that expired and one the school revoked, so both the externe's ``/inzage/``
and the school's grant history show something. Idempotent; runs after the loket
demo. Everything goes through ``permissions.grants`` (guardian rows, logboek).
"""

import datetime

from django.apps import apps
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from . import grants
from .models import InzageGrant

EXTERNE = "extern@cleo.example"
SCHOOL_USER = "ib@school-a.example"
SCHOOL_A_BRIN = "99AA00"


@transaction.atomic
def run(stdout=None):
    externe = User.objects.filter(email=EXTERNE).first()
    school_user = User.objects.filter(email=SCHOOL_USER).first()
    Dossier = apps.get_model("loket", "Dossier")
    dossiers = list(
        Dossier.objects.filter(school__brin=SCHOOL_A_BRIN)
        .select_related("leerling")
        .order_by("pk")[:3]
    )
    if externe is None or school_user is None or len(dossiers) < 3:
        return
    if InzageGrant.objects.filter(grantee_user=externe).exists():
        return  # already there
    today = timezone.localdate()
    common = {
        "user": externe,
        "legal_basis": InzageGrant.LegalBasis.OUDERS,
        "consent_date": today - datetime.timedelta(days=7),
        "consent_how": "Schriftelijk; het getekende formulier zit in het leerlingdossier.",
    }
    grants.create_grant(
        dossiers[0],
        school_user,
        reason="Onderzoek naar de leerontwikkeling door CLEO.",
        **common,
    )
    expired = grants.create_grant(
        dossiers[1],
        school_user,
        reason="Observatie in de klas (afgerond).",
        ends_on=today + datetime.timedelta(days=1),
        **common,
    )
    # Move the finished grant into the past, then let the expiry close it as it would at night.
    InzageGrant.objects.filter(pk=expired.pk).update(
        starts_on=today - datetime.timedelta(days=120), ends_on=today - datetime.timedelta(days=30)
    )
    grants.expire_grants(today)
    revoked = grants.create_grant(
        dossiers[2],
        school_user,
        reason="Advies over de overstap (niet meer nodig).",
        **common,
    )
    grants.revoke_grant(revoked, school_user)
    if stdout is not None:
        stdout.write("Demo-inzage voor extern@cleo.example: geldig, verlopen en ingetrokken.")
