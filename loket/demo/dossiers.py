"""Demo: instemming states on an aanvraag, an archived dossier and a waiting transfer.

Runs after ``loket.demo.seed`` (``manage.py demo``) on its aanvragen; creates no new
aanvragen and mails nobody (records are made directly, the logboek as the services
would write it). Dates are relative to the demo day; people are fictional.
"""

import hashlib
import secrets
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from accounts.models import Organisation, User
from loket import logboek
from loket.instemming import versie, wie
from loket.instemming.services import PERSON_ROLE
from loket.models import Aanvraag, Dossier, Instemming, LogEntry, Overdracht, Thuiszitter

I = Instemming  # noqa: E741  (short alias for the choices below)


def _instemmingen(aanvraag, school_user):
    today = timezone.localdate()
    now = timezone.now()
    rows = [
        {
            "wijze": I.Wijze.EMAIL,
            "status": I.Status.GEGEVEN,
            "email": "ouder.demo@thuis.example",
            "datum": today - timedelta(days=2),
            "answered_at": now - timedelta(days=2),
            "opened_at": now - timedelta(days=2),
            "zienswijze": "Wij zijn blij met de extra begeleiding in de klas.",
        },
        {
            "wijze": I.Wijze.EMAIL,
            "status": I.Status.VERSTUURD,
            "email": "tweede.ouder.demo@thuis.example",
        },
        {
            "wijze": I.Wijze.BUITEN,
            "status": I.Status.GEGEVEN,
            "datum": today - timedelta(days=5),
            "toelichting": "Getekend in het OPP-gesprek; het formulier zit in het leerlingdossier.",
        },
    ]
    # Who answers and the version, as the services would set them (loket.instemming).
    rol = wie.expected_role(aanvraag)
    person = PERSON_ROLE[rol]
    version = versie.frozen_fields(aanvraag)
    for row in rows:
        row.update(rol=rol, **version)
        if row["wijze"] == I.Wijze.EMAIL:
            row.update(
                onderwerp="Instemming met het ontwikkelingsperspectief",
                ends_on=today + timedelta(days=14),
                token_hash=hashlib.sha256(secrets.token_bytes(32)).hexdigest(),
            )
        instemming = Instemming.objects.create(aanvraag=aanvraag, created_by=school_user, **row)
        action = (
            LogEntry.Action.INSTEMMING_GEREGISTREERD
            if row["wijze"] == I.Wijze.BUITEN
            else LogEntry.Action.INSTEMMING_VERSTUURD
        )
        detail = f"instemming {instemming.pk}"
        if row["wijze"] == I.Wijze.BUITEN:
            detail += f", door {person}"
        logboek.log(action, school_user, aanvraag=aanvraag, detail=detail)
        if row["status"] == I.Status.GEGEVEN and row["wijze"] == I.Wijze.EMAIL:
            logboek.log(
                LogEntry.Action.INSTEMMING_BEANTWOORD,
                None,
                aanvraag=aanvraag,
                detail=f"instemming {instemming.pk}",
                role=person,
            )


def _plan(dossier, school_user):
    """An OPP with instemming given outside the portal (seed: “Anders (buiten TOP dossier)”)."""
    from loket.models import Ontwikkelplan

    plan = Ontwikkelplan.objects.create(
        dossier=dossier,
        doelen=(
            "Doel: technisch lezen op AVI E5 aan het eind van het schooljaar.\n"
            "Aanpak: drie keer per week twintig minuten begeleid lezen in een klein groepje; "
            "de leerkracht bespreekt de voortgang elke zes weken met de intern begeleider."
        ),
        evaluatiedatum=timezone.localdate() + timedelta(days=60),
        updated_by=school_user,
    )
    logboek.log(LogEntry.Action.PLAN_BIJGEWERKT, school_user, dossier=dossier)
    rol = wie.expected_role(plan)
    instemming = Instemming.objects.create(
        plan=plan,
        rol=rol,
        **versie.frozen_fields(plan),
        wijze=I.Wijze.BUITEN,
        status=I.Status.GEGEVEN,
        datum=timezone.localdate() - timedelta(days=1),
        toelichting="Besproken en getekend in het OPP-gesprek met beide ouders.",
        created_by=school_user,
    )
    logboek.log(
        LogEntry.Action.INSTEMMING_GEREGISTREERD,
        school_user,
        dossier=dossier,
        detail=f"instemming {instemming.pk} (ontwikkelplan), door {PERSON_ROLE[rol]}",
    )


@transaction.atomic
def run(stdout=None):
    if Instemming.objects.exists() or Overdracht.objects.exists():
        return
    school_a = Organisation.objects.filter(brin="99AA00").first()
    school_b = Organisation.objects.filter(brin="99BB00").first()
    school_user = User.objects.filter(email="ib@school-a.example").first()
    if not (school_a and school_b and school_user):
        return
    open_aanvraag = (
        Aanvraag.objects.filter(school=school_a, status__in=Aanvraag.OPEN_STATUSES)
        .exclude(dossier=None)
        .first()
    )
    if open_aanvraag is not None:
        _instemmingen(open_aanvraag, school_user)
        _plan(open_aanvraag.dossier, school_user)
        # The memo's "thuiszittende leerlingen": one pupil at home while the
        # arrangement is being decided (the monitoring shows it as "< 5").
        Thuiszitter.objects.create(
            leerling=open_aanvraag.dossier.leerling,
            vanaf=timezone.localdate() - timedelta(days=20),
            reden=Thuiszitter.Reden.WACHT_OP_PLEK,
            gemeld_door=school_user,
        )
    # A dossier with only closed aanvragen, none of them TLV: archive it, prepare a transfer.
    closed = (
        Dossier.objects.filter(school=school_a, status=Dossier.Status.OPEN)
        .exclude(aanvragen__status__in=Aanvraag.OPEN_STATUSES)
        .exclude(aanvragen__type__in=["tlv", "tlv_verlenging"])
        .filter(aanvragen__isnull=False)
        .distinct()
        .first()
    )
    if closed is None:
        return
    closed.status = Dossier.Status.GEARCHIVEERD
    closed.archived_at = timezone.now() - timedelta(days=3)
    closed.save(update_fields=["status", "archived_at"])
    logboek.log(LogEntry.Action.GEARCHIVEERD, school_user, dossier=closed)
    overdracht = Overdracht.objects.create(
        dossier=closed,
        ontvanger=school_b,
        consent_date=timezone.localdate() - timedelta(days=2),
        consent_how="Schriftelijk, bij het afscheidsgesprek.",
        created_by=school_user,
        created_at=timezone.now() - timedelta(days=1),
    )
    logboek.log(
        LogEntry.Action.OVERDRACHT_KLAARGEZET,
        school_user,
        dossier=closed,
        detail=f"overdracht {overdracht.pk} naar organisatie {school_b.pk}",
    )
    if stdout:
        stdout.write("Loket: instemming, een gearchiveerd dossier en een overdracht klaargezet.")
