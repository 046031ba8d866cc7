"""Overdracht: an archived dossier to another school (or an external organisation).

Rules from the seed ``kennisbank-artikelen-top-dossier.txt`` (“Overdracht TOP dossier
naar een andere school”): only after the dossier is archived; everything goes along
“behalve 1) aanpak 2) evaluatiedatum en 3) gegeven instemming”; the sender needs the
receiver's licentienaam (or BRIN); the receiver accepts with the pupil's date of
birth, the school year and the group.

Here that means: the answers of fields with a *niet overdragen* role (``aanpak``,
``evaluatiedatum``, ``gegeven_instemming`` and the marker ``niet_overdragen``, read
from each aanvraag's labels snapshot, never by field name) and their files are left
out, and no ``Instemming`` record is copied. The dossier lands on the receiver's own
pupil when its register has the child (``find_pupil``); on a near miss the receiver
is asked "Bedoel je …?" (``loket.dossiers.receiving``); else on a new pupil. A wrong
date of birth accepts nothing;
``MAX_WRONG_TRIES`` wrong ones cancel the transfer and tell the sender. Parental
consent for the transfer is recorded by the sender before it is prepared. Mails
name no pupil.
"""

import logging
import smtplib

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Membership, Organisation, Role
from forms.fieldroles import fields_by_role
from loket import logboek
from loket.dossiers.receiving import parse_choice, receiving_pupil
from loket.errors import TransitionError
from loket.kenmerk import next_reference
from loket.models import (
    Aanvraag,
    Aanvulling,
    Besluit,
    Bijlage,
    Dossier,
    LogEntry,
    Overdracht,
    Terugkoppeling,
)
from loket.models.overdracht import MAX_WRONG_TRIES
from permissions import policy

logger = logging.getLogger(__name__)

NOT_TRANSFERRED_ROLES = ("aanpak", "evaluatiedatum", "gegeven_instemming", "niet_overdragen")
RECEIVER_KINDS = (Organisation.Kind.SCHOOL, Organisation.Kind.EXTERN)
# Who of a receiving organisation sees, accepts and is mailed about its transfers.
RECEIVER_ROLES = (Role.SCHOOLGEBRUIKER, Role.EXTERNE)


def _member_q(user):
    return Membership.objects.filter(user=user, role__in=RECEIVER_ROLES)


def find_receiver(text, sender_school_id):
    """The active school or external organisation with this licentienaam or BRIN."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        Organisation.objects.filter(kind__in=RECEIVER_KINDS, is_active=True)
        .exclude(pk=sender_school_id)
        .filter(Q(licence_name__iexact=text) | Q(brin__iexact=text))
        .first()
    )


def prepare(dossier, user, *, receiver_text, consent_date, consent_how):
    """Klaarzetten: the sending school prepares the transfer of an archived dossier."""
    if not policy.is_school_user_of(user, dossier.school_id):
        raise TransitionError(
            _("Alleen de school zelf zet een dossier klaar voor overdracht."), 403
        )
    consent_how = (consent_how or "").strip()
    if consent_date is None or not consent_how:
        raise TransitionError(
            _("Leg vast wanneer en hoe de ouders toestemming gaven voor de overdracht."), 400
        )
    if consent_date > timezone.localdate():
        raise TransitionError(_("De datum van de toestemming ligt in de toekomst."), 400)
    receiver = find_receiver(receiver_text, dossier.school_id)
    if receiver is None:
        raise TransitionError(
            _("Er is geen (andere) school of organisatie met deze licentienaam of BRIN-code."),
            400,
        )
    with transaction.atomic():
        dossier = Dossier.objects.select_for_update().get(pk=dossier.pk)
        if not dossier.is_archived:
            raise TransitionError(_("Archiveer het dossier eerst; daarna kun je het overdragen."))
        if dossier.overdrachten.filter(status=Overdracht.Status.KLAARGEZET).exists():
            raise TransitionError(_("Er staat al een overdracht van dit dossier klaar."))
        overdracht = Overdracht.objects.create(
            dossier=dossier,
            ontvanger=receiver,
            consent_date=consent_date,
            consent_how=consent_how[:300],
            created_by=user,
        )
        logboek.log(
            LogEntry.Action.OVERDRACHT_KLAARGEZET,
            user,
            dossier=dossier,
            detail=f"overdracht {overdracht.pk} naar organisatie {receiver.pk}",
        )
        _mail_on_commit(
            receiver.pk,
            _("Er staat een dossier voor je klaar"),
            _("%(sender)s heeft een dossier voor jullie klaargezet. Accepteer het in Mijn loket.")
            % {"sender": dossier.school.name},
        )
    return overdracht


def waiting_for(user):
    """Transfers the user's school(s) may accept (a queryset, newest first).

    Shown on every visit of Mijn loket: the receiving organisations come from the
    memberships the request has already read, not from a subquery."""
    receivers = policy.organisation_ids(user, *RECEIVER_ROLES)
    return Overdracht.objects.filter(
        status=Overdracht.Status.KLAARGEZET, ontvanger_id__in=receivers
    ).select_related("dossier__school", "ontvanger")


def accept(overdracht, user, *, geboortedatum, schooljaar, groep, leerling=""):
    """Accept with the pupil's date of birth; returns the new dossier.

    A wrong date raises ``TransitionError`` and counts; the fifth cancels. With the
    right date and a near miss in the receiver's register, ``NearMiss`` asks which
    pupil is meant; ``leerling`` is the answer (a pk or ``"nieuw"``,
    ``loket.dossiers.receiving``).
    """
    choice = parse_choice(leerling)
    schooljaar = (schooljaar or "").strip()[:9]
    groep = (groep or "").strip()[:50]
    if geboortedatum is None or not schooljaar or not groep:
        raise TransitionError(_("Vul de geboortedatum, het schooljaar en de groep in."), 400)
    cancelled = False
    with transaction.atomic():
        overdracht = (
            Overdracht.objects.select_for_update()
            .select_related("dossier__leerling", "dossier__school")
            .get(pk=overdracht.pk)
        )
        if not _member_q(user).filter(organisation_id=overdracht.ontvanger_id).exists():
            raise TransitionError(_("Deze overdracht bestaat niet of is niet voor jou."), 404)
        if not overdracht.is_waiting:
            raise TransitionError(_("Deze overdracht staat niet meer klaar."))
        source = overdracht.dossier
        if geboortedatum != source.leerling.geboortedatum:
            overdracht.wrong_tries += 1
            logboek.log(
                LogEntry.Action.OVERDRACHT_FOUT,
                user,
                dossier=source,
                detail=f"overdracht {overdracht.pk}, poging {overdracht.wrong_tries}",
            )
            if overdracht.wrong_tries >= MAX_WRONG_TRIES:
                overdracht.status = Overdracht.Status.GEANNULEERD
                overdracht.cancelled_at = timezone.now()
                cancelled = True
                logboek.log(
                    LogEntry.Action.OVERDRACHT_GEANNULEERD,
                    user,
                    dossier=source,
                    detail=f"overdracht {overdracht.pk}: te vaak een foute geboortedatum",
                )
                _mail_on_commit(
                    source.school_id,
                    _("Een overdracht is geannuleerd"),
                    _(
                        "Een dossier dat je klaarzette voor %(receiver)s is geannuleerd: de "
                        "geboortedatum is te vaak fout ingevuld. Zet het zo nodig opnieuw klaar."
                    )
                    % {"receiver": overdracht.ontvanger.name},
                )
            overdracht.save(update_fields=["wrong_tries", "status", "cancelled_at"])
        else:
            new_dossier = _copy_dossier(source, overdracht.ontvanger, groep, user, choice)
            overdracht.status = Overdracht.Status.GEACCEPTEERD
            overdracht.accepted_by = user
            overdracht.accepted_at = timezone.now()
            overdracht.schooljaar = schooljaar
            overdracht.groep = groep
            overdracht.new_dossier = new_dossier
            overdracht.save()
            detail = f"overdracht {overdracht.pk}"
            logboek.log(
                LogEntry.Action.OVERDRACHT_GEACCEPTEERD, user, dossier=source, detail=detail
            )
            logboek.log(
                LogEntry.Action.OVERDRACHT_GEACCEPTEERD, user, dossier=new_dossier, detail=detail
            )
            _mail_on_commit(
                source.school_id,
                _("Je overdracht is geaccepteerd"),
                _("%(receiver)s heeft het dossier dat je klaarzette geaccepteerd.")
                % {"receiver": overdracht.ontvanger.name},
            )
            return new_dossier
    if cancelled:
        raise TransitionError(
            _(
                "De geboortedatum klopt niet. De overdracht is nu geannuleerd; "
                "de school is ingelicht."
            ),
            400,
        )
    raise TransitionError(
        _("De geboortedatum klopt niet. Je hebt nog %(n)s poging(en).")
        % {"n": MAX_WRONG_TRIES - overdracht.wrong_tries},
        400,
    )


# --- the copy -------------------------------------------------------------------------


def not_transferred_fields(labels):
    """Names of the fields whose answers stay behind, read by role from the labels."""
    by_role = fields_by_role(labels)
    return {name for role in NOT_TRANSFERRED_ROLES for name in by_role.get(role, [])}


def _strip_labels(labels, skip):
    result = []
    for step in labels or []:
        step = dict(step)
        step["fields"] = [f for f in step.get("fields", []) if f.get("name") not in skip]
        step["roles"] = {k: v for k, v in (step.get("roles") or {}).items() if k not in skip}
        result.append(step)
    return result


def _copy_dossier(source, school, groep, user, choice):
    leerling = receiving_pupil(source, school, groep, user, choice)
    # One dossier per pupil per school: a pupil the receiver already had a dossier for
    # gets the transferred aanvragen in that dossier, open again.
    dossier, created = Dossier.objects.get_or_create(leerling=leerling, school=school)
    if not created and dossier.is_archived:
        dossier.status = Dossier.Status.OPEN
        dossier.archived_at = None
        dossier.save(update_fields=["status", "archived_at"])
        logboek.log(LogEntry.Action.HEROPEND, user, dossier=dossier, detail="overdracht")
    for aanvraag in source.aanvragen.order_by("submitted_at", "pk"):
        _copy_aanvraag(aanvraag, dossier, school)
    return dossier


def _copy_aanvraag(old, dossier, school):
    skip = not_transferred_fields(old.labels)
    new = Aanvraag.objects.create(
        reference=next_reference(),
        dossier=dossier,
        school=school,
        type=old.type,
        form_page_id=old.form_page_id,
        form_revision_id=old.form_revision_id,
        answers={k: v for k, v in (old.answers or {}).items() if k not in skip},
        labels=_strip_labels(old.labels, skip),
        status=old.status,
        submitted_at=old.submitted_at,
        completed_at=old.completed_at,
        decided_at=old.decided_at,
        kopie_van_id=old.kopie_van_id or old.pk,
    )
    besluit = Besluit.objects.filter(aanvraag=old).first()
    if besluit is not None:
        Besluit.objects.create(
            aanvraag=new,
            uitkomst=besluit.uitkomst,
            motivering=besluit.motivering,
            tlv_categorie=besluit.tlv_categorie,
            start_date=besluit.start_date,
            end_date=besluit.end_date,
            amount=besluit.amount,
        )
    aanvullingen = {
        a.pk: Aanvulling.objects.create(aanvraag=new, text=a.text) for a in old.aanvullingen.all()
    }
    terugkoppelingen = {
        t.pk: Terugkoppeling.objects.create(aanvraag=new, text=t.text)
        for t in old.terugkoppelingen.all()
    }
    for bijlage in old.bijlagen.all():
        if bijlage.field_name in skip:
            continue
        _copy_file(bijlage, new, aanvullingen, terugkoppelingen)
    return new


def _copy_file(bijlage, aanvraag, aanvullingen, terugkoppelingen):
    with bijlage.file.open("rb") as handle:
        data = handle.read()
    copy = Bijlage(
        aanvraag=aanvraag,
        aanvulling=aanvullingen.get(bijlage.aanvulling_id),
        terugkoppeling=terugkoppelingen.get(bijlage.terugkoppeling_id),
        field_name=bijlage.field_name,
        original_name=bijlage.original_name,
        content_type=bijlage.content_type,
        size=bijlage.size,
        sha256=bijlage.sha256,
    )
    copy.file.save("kopie", ContentFile(data), save=False)
    copy.save()
    return copy


def _mail_on_commit(organisation_id, subject, body):
    """Mail the organisation's users after commit; ids in, no pupil data out."""

    def send():
        to = sorted(
            Membership.objects.filter(
                organisation_id=organisation_id,
                role__in=RECEIVER_ROLES,
                user__is_active=True,
            ).values_list("user__email", flat=True)
        )
        if not to:
            return
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        except (smtplib.SMTPException, OSError):
            logger.warning("Overdrachtsbericht aan organisatie %s niet verstuurd.", organisation_id)

    transaction.on_commit(send)
