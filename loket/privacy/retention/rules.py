"""Bewaartermijnen: which records are removed when, and the run that removes them.

Every kind of record is one entry in ``rules`` (a keyed registry, kept beside the
model in ``loket.models.bewaren`` so the model can validate against it; filled here,
imported by ``LoketConfig.ready``): its label, its
default period and action with the *source* of that default written beside it,
the actions it allows, how to find what has passed, and how to remove one. A
beheerder overrides period and action per kind in the admin
(``loket.models.Bewaartermijn``). Adding a model to retention is one entry here
(and, for files hung on a dossier, one in ``loket.privacy.retention.removal.dossier_files``).

``run()`` is started by the scheduler and by ``manage.py bewaartermijnen``. A run
records what it did in ``RetentieRun``: counts per kind and kenmerken of aanvragen,
never names or answers. A dry run finds the same things and changes nothing.
"""

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.models import Aanvraag, Besluit, Bewaartermijn, Dossier, Evaluatiemoment, RetentieRun
from loket.models.bewaren import RetentionRule, rules
from loket.privacy.retention.removal import remove_aanvraag, remove_dossier
from loket.types import AanvraagType

logger = logging.getLogger(__name__)

DELETE = Bewaartermijn.Actie.VERWIJDEREN
ANONYMISE = Bewaartermijn.Actie.ANONIMISEREN
TLV_TYPES = [AanvraagType.TLV, AanvraagType.TLV_VERLENGING]


def _not_anonymised(queryset):
    return queryset.exclude(dossier__isnull=True, answers={})


def _kenmerk(aanvraag):
    return [aanvraag.reference]


def _dossier_kenmerken(dossier):
    return [f"dossier {dossier.pk}", *dossier.aanvragen.values_list("reference", flat=True)]


def _find_submissions(cutoffs):
    from forms.models import FormSubmission

    taken_over = Aanvraag.objects.filter(submission_key__isnull=False).values("submission_key")
    # An evaluation copies its submission onto its moment, like an aanvraag does.
    evaluations = Evaluatiemoment.objects.filter(submission_key__isnull=False).values(
        "submission_key"
    )
    return (
        FormSubmission.objects.filter(
            Q(key__in=taken_over) | Q(key__in=evaluations),
            submitted_at__lt=cutoffs["formulierinzending"],
        )
        .filter(~Q(answers={}) | ~Q(labels=[]) | Q(files__isnull=False))
        .distinct()
    )


def _forget_submission(submission, action):
    from forms.services import forget_submission_content

    forget_submission_content(submission)


def _find_drafts(cutoffs):
    from forms.models import FormDraft

    return FormDraft.objects.filter(updated_at__lt=cutoffs["concept"])


def _delete_draft(draft, action):
    from forms.filling.cleanup import delete_draft

    delete_draft(draft)


def _find_afgewezen(cutoffs):
    return _not_anonymised(
        Aanvraag.objects.filter(
            besluit__uitkomst=Besluit.Uitkomst.AFGEWEZEN,
            besluit__decided_at__lt=cutoffs["afgewezen_aanvraag"],
        ).exclude(type__in=TLV_TYPES)
    )


def _find_tlv(cutoffs):
    return _not_anonymised(
        Aanvraag.objects.filter(type__in=TLV_TYPES, besluit__decided_at__lt=cutoffs["tlv_besluit"])
    )


def _find_dossiers(cutoffs):
    # A TLV besluit younger than its own period keeps its whole dossier.
    young_tlv = Aanvraag.objects.filter(
        type__in=TLV_TYPES, besluit__decided_at__gte=cutoffs["tlv_besluit"]
    ).values("dossier_id")
    return (
        Dossier.objects.filter(
            status=Dossier.Status.GEARCHIVEERD, archived_at__lt=cutoffs["dossier_gearchiveerd"]
        )
        .exclude(pk__in=young_tlv)
        .order_by("pk")
    )


def _find_inactive_dossiers(cutoffs):
    """Open dossiers untouched for the period (``loket.dossiers.inactivity``), never
    archived. A restricted dossier (AVG art. 18) is frozen and stays; so does one with a
    TLV besluit younger than its own period, as for archived dossiers. Never before the
    dossier has reached the list of ``LoketSettings.dossier_inactief_maanden``, even if
    a beheerder set a purge period shorter than that."""
    from loket.dossiers.inactivity import inactive, threshold

    young_tlv = Aanvraag.objects.filter(
        type__in=TLV_TYPES, besluit__decided_at__gte=cutoffs["tlv_besluit"]
    ).values("dossier_id")
    candidates = Dossier.objects.filter(beperkt_sinds__isnull=True).exclude(pk__in=young_tlv)
    return inactive(candidates, min(cutoffs["dossier_inactief"], threshold(cutoffs["now"])))


def _find_subscribers(cutoffs):
    from content.nieuwsbrieven.models import Subscriber, Subscription

    cutoff = cutoffs["nieuwsbrief_toestemming"]
    return (
        Subscriber.objects.filter(created_at__lt=cutoff)
        .exclude(subscriptions__status=Subscription.Status.ACTIVE)
        .exclude(subscriptions__unsubscribed_at__gte=cutoff)
        .exclude(subscriptions__requested_at__gte=cutoff)
        .distinct()
    )


def _delete_subscriber(subscriber, action):
    subscriber.delete()  # consent records and subscriptions cascade; deliveries keep counts


rules.register(
    "formulierinzending",
    RetentionRule(
        label=_("Formulierinzending die het loket heeft overgenomen"),
        starts=_("vanaf het indienen"),
        source=_(
            "Dataminimalisatie (AVG art. 5 lid 1c): de aanvraag bevat alles; de kopie van "
            "antwoorden en bestanden bij het formulier is overbodig. Het kale bewijs van "
            "indienen (wie, wanneer, welk formulier) blijft voor de bevestigingspagina."
        ),
        default_days=0,
        default_action=ANONYMISE,
        actions=(ANONYMISE,),
        find=_find_submissions,
        apply=_forget_submission,
    ),
)
rules.register(
    "concept",
    RetentionRule(
        label=_("Verlaten formulierconcept"),
        starts=_("vanaf de laatste wijziging"),
        source=_("Afspraak SWV-portaal: een concept dat 30 dagen niet is aangeraakt, is verlaten."),
        default_days=30,
        find=_find_drafts,
        apply=_delete_draft,
        minimum_days=1,
    ),
)
rules.register(
    "afgewezen_aanvraag",
    RetentionRule(
        label=_("Afgewezen aanvraag (geen TLV)"),
        starts=_("vanaf het besluit"),
        source=_("Afspraak SWV-portaal: 1 jaar na het besluit (bezwaar en vervolgaanvraag)."),
        default_days=365,
        default_action=ANONYMISE,
        actions=(ANONYMISE, DELETE),
        find=_find_afgewezen,
        apply=remove_aanvraag,
        describe=_kenmerk,
    ),
)
rules.register(
    "tlv_besluit",
    RetentionRule(
        label=_("TLV-aanvraag met besluit"),
        starts=_("vanaf het besluit"),
        source=_("Afspraak SWV-portaal: 7 jaar na het besluit over de toelaatbaarheidsverklaring."),
        default_days=7 * 365 + 2,
        default_action=ANONYMISE,
        actions=(ANONYMISE, DELETE),
        find=_find_tlv,
        apply=remove_aanvraag,
        describe=_kenmerk,
    ),
)
rules.register(
    "dossier_gearchiveerd",
    RetentionRule(
        label=_("Gearchiveerd dossier met bestanden, inzage en leerling"),
        starts=_("vanaf het archiveren"),
        source=_(
            "2 jaar na het archiveren; memo TOP-dossier: dossiers worden verwijderd "
            "wanneer de bewaartermijn is verstreken."
        ),
        default_days=2 * 365 + 1,
        actions=(DELETE, ANONYMISE),
        find=_find_dossiers,
        apply=remove_dossier,
        describe=_dossier_kenmerken,
    ),
)
rules.register(
    "dossier_inactief",
    RetentionRule(
        label=_("Dossier zonder activiteit dat nooit is gearchiveerd"),
        starts=_("vanaf de laatste activiteit (een wijziging, geen inzien)"),
        source=_(
            "3 jaar na de laatste activiteit: 1 jaar tot het dossier op de lijst 'zonder "
            "activiteit' staat, plus de 2 jaar van een gearchiveerd dossier; memo "
            "TOP-dossier: dossiers worden verwijderd wanneer de bewaartermijn is verstreken, "
            "ook als niemand ze archiveerde."
        ),
        default_days=3 * 365 + 1,
        actions=(DELETE, ANONYMISE),
        find=_find_inactive_dossiers,
        apply=remove_dossier,
        describe=_dossier_kenmerken,
        minimum_days=365,
    ),
)
rules.register(
    "logboek",
    RetentionRule(
        label=_("Logboekregels"),
        starts=_("zolang hun dossier bestaat"),
        source=_("Het logboek hoort bij het dossier (memo TOP-dossier) en gaat mee weg."),
        default_days=None,
    ),
)
rules.register(
    "nieuwsbrief_toestemming",
    RetentionRule(
        label=_("Bewijs van toestemming nieuwsbrief (met het adres)"),
        starts=_("vanaf de afmelding (zolang iemand is aangemeld, blijft het)"),
        source=_("Afspraak SWV-portaal: zolang aangemeld + 1 jaar, om toestemming te bewijzen."),
        default_days=365,
        find=_find_subscribers,
        apply=_delete_subscriber,
    ),
)


def chosen(now=None):
    """``{kind: (days, action)}``: the beheerder's choice, else the default."""
    rows = {row.kind: row for row in Bewaartermijn.objects.all()}
    result = {}
    for key, rule in rules.items():
        row = rows.get(key)
        if row is not None and row.action in rule.actions and rule.default_days is not None:
            result[key] = (row.days, row.action)
        else:
            result[key] = (rule.default_days, rule.default_action)
    return result


def run(now=None, dry_run=False):
    """Remove (or with ``dry_run`` only find) everything whose period has passed.

    Each dossier, aanvraag or other record is removed in its own transaction.
    Returns the summary ``{kind: {"actie", "aantal", "kenmerken"}}``; a real run that
    removed anything stores it as a ``RetentieRun`` (an hourly run that found
    nothing leaves no row).
    """
    now = now or timezone.now()
    settings = chosen()
    cutoffs = {
        key: now - datetime.timedelta(days=days)
        for key, (days, _action) in settings.items()
        if days is not None
    }
    cutoffs["now"] = now
    cutoffs["actions"] = {key: action for key, (_days, action) in settings.items()}
    summary = {}
    for key, rule in rules.items():
        if rule.find is None:
            continue
        action = settings[key][1]
        found = list(rule.find(cutoffs))
        kenmerken = []
        for obj in found:
            kenmerken.extend(rule.describe(obj))
            if not dry_run:
                with transaction.atomic():
                    rule.apply(obj, action)
        summary[key] = {"actie": str(action), "aantal": len(found), "kenmerken": kenmerken}
    if not dry_run and any(part["aantal"] for part in summary.values()):
        RetentieRun.objects.create(
            started_at=now, finished_at=timezone.now(), dry_run=False, summary=summary
        )
        counts = {key: part["aantal"] for key, part in summary.items()}
        logger.info("Bewaartermijnen toegepast: %s", counts)
    return summary
