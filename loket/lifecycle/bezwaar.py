"""Bezwaar: the school objects to a besluit within the term; the commissie hears and decides.

The term (``LoketSettings.bezwaar_termijn_weken``, default six weeks) runs from the
day the current decision was sent: the besluit, or the newest herziening (a revised
decision opens a new term). The day of sending plus that many weeks still counts
(sent 1 June: a bezwaar is in time up to and including 13 July). After that the
school is refused, unless the commissie has allowed a late bezwaar with a reason
(``allow_late``, a ``BezwaarUitstel`` until a date): a late bezwaar is a judgement
of the commissie, never the school's own choice.

One bezwaar is open at a time. The hearing and the outcome (gegrond / ongegrond /
ingetrokken) are each a formal letter kept as sent (``loket.lifecycle.brieven``);
gegrond asks for a herziening (``loket.lifecycle.herziening``). The school may also
withdraw its own bezwaar before the outcome (``withdraw``): the bezwaar ends as
*ingetrokken* without a letter of the commissie, since there is nothing to decide. Every step is a
line in the logboek, without the free text; mails carry only the kenmerk and a link.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Role
from loket import logboek
from loket.errors import TransitionError
from loket.lifecycle import notifications
from loket.lifecycle.bijlagen import check_file_count, store_bijlage
from loket.lifecycle.brieven import Kind, store_letter
from loket.lifecycle.transitions import S, lock, require_role, require_visible
from loket.models import Bezwaar, BezwaarUitstel, Bijlage, LogEntry, LoketSettings
from permissions import policy

MAX_TEXT = 20000


def sent_on(aanvraag):
    """The day the current decision was sent to the school (besluit or newest herziening)."""
    besluit = getattr(aanvraag, "besluit", None)
    if besluit is None:
        return None
    latest = aanvraag.herzieningen.order_by("-decided_at", "-pk").first()
    moment = latest.decided_at if latest is not None else besluit.decided_at
    return timezone.localdate(moment)


def regular_deadline(aanvraag):
    """The last day of the term, or None without a besluit."""
    start = sent_on(aanvraag)
    if start is None:
        return None
    return start + timedelta(weeks=LoketSettings.load().bezwaar_termijn_weken)


def current_uitstel(aanvraag):
    """The newest late term the commissie allowed for the current decision, if any."""
    start = sent_on(aanvraag)
    if start is None:
        return None
    return (
        BezwaarUitstel.objects.filter(aanvraag=aanvraag, op__date__gte=start)
        .order_by("-op", "-pk")
        .first()
    )


def deadline(aanvraag):
    """The last day a bezwaar is taken: the regular term, or a later allowed date."""
    regular = regular_deadline(aanvraag)
    uitstel = current_uitstel(aanvraag)
    if regular is not None and uitstel is not None and uitstel.tot_en_met > regular:
        return uitstel.tot_en_met
    return regular


def open_bezwaar(aanvraag):
    return aanvraag.bezwaren.filter(uitkomst="").order_by("-pk").first()


def may_lodge(aanvraag, today=None):
    """Can a bezwaar be lodged today (besluit there, within term, none open)?"""
    today = today or timezone.localdate()
    last = deadline(aanvraag)
    return (
        aanvraag.status == S.BESLOTEN
        and last is not None
        and today <= last
        and open_bezwaar(aanvraag) is None
    )


def _date(value):
    return formats.date_format(value, "j F Y")


def lodge(aanvraag, user, gronden, files=()):
    """The school lodges a bezwaar with its reasons (and files) within the term."""
    gronden = (gronden or "").strip()
    if not gronden:
        raise TransitionError(_("Schrijf waarom de school bezwaar maakt."), 400)
    if len(gronden) > MAX_TEXT:
        raise TransitionError(_("De gronden zijn te lang (hoogstens 20.000 tekens)."), 400)
    check_file_count(files)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        if not (
            policy.has_role(user, Role.SCHOOLGEBRUIKER)
            and policy.is_school_user_of(user, aanvraag.school_id)
        ):
            raise TransitionError(_("Alleen de school zelf maakt bezwaar."), 403)
        if aanvraag.status != S.BESLOTEN or not hasattr(aanvraag, "besluit"):
            raise TransitionError(_("Bezwaar kan alleen tegen een besluit."), 409)
        if open_bezwaar(aanvraag) is not None:
            raise TransitionError(
                _("Er loopt al een bezwaar tegen dit besluit; wacht op de beslissing daarop."),
                409,
            )
        today = timezone.localdate()
        regular, last = regular_deadline(aanvraag), deadline(aanvraag)
        if today > last:
            raise TransitionError(
                _(
                    "De bezwaartermijn is verstreken: bezwaar maken kon tot en met %(datum)s. "
                    "Heeft de school een goede reden voor een later bezwaar? Neem dan contact "
                    "op met het samenwerkingsverband; de commissie kan het alsnog toelaten."
                )
                % {"datum": _date(regular)},
                400,
            )
        uitstel = current_uitstel(aanvraag) if today > regular else None
        bezwaar = Bezwaar.objects.create(
            aanvraag=aanvraag,
            gronden=gronden,
            deadline=last,
            te_laat_reden=uitstel.reden if uitstel else "",
            ingediend_door=user,
        )
        for uploaded in files:
            store_bijlage(aanvraag, uploaded, user, Bijlage.BEZWAAR, bezwaar=bezwaar)
        detail = _("%(n)s bestand(en)") % {"n": len(files)}
        if uitstel:
            detail += ", " + _("na de termijn, toegelaten door de commissie")
        logboek.log(LogEntry.Action.BEZWAAR, user, aanvraag=aanvraag, detail=detail)
        notifications.notify_consulent(aanvraag, "bezwaar")
    return bezwaar


def allow_late(aanvraag, user, reden, tot_en_met):
    """The commissie lets the school still lodge a bezwaar after the term, with a reason."""
    require_role(user, [Role.COMMISSIE], _("Alleen de commissie laat een te laat bezwaar toe."))
    reden = (reden or "").strip()
    if not reden:
        raise TransitionError(_("Schrijf waarom de commissie het te late bezwaar toelaat."), 400)
    today = timezone.localdate()
    if tot_en_met is None or tot_en_met < today:
        raise TransitionError(_("Kies een datum vanaf vandaag."), 400)
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        require_visible(user, aanvraag)
        if aanvraag.status != S.BESLOTEN or not hasattr(aanvraag, "besluit"):
            raise TransitionError(_("Bezwaar kan alleen tegen een besluit."), 409)
        if today <= regular_deadline(aanvraag):
            raise TransitionError(
                _("De bezwaartermijn loopt nog (tot en met %(datum)s); uitstel is niet nodig.")
                % {"datum": _date(regular_deadline(aanvraag))},
                409,
            )
        uitstel = BezwaarUitstel.objects.create(
            aanvraag=aanvraag, tot_en_met=tot_en_met, reden=reden, door=user
        )
        logboek.log(
            LogEntry.Action.BEZWAAR_UITSTEL,
            user,
            aanvraag=aanvraag,
            detail=_("tot en met %(datum)s") % {"datum": tot_en_met.isoformat()},
        )
        notifications.notify_school(aanvraag, "bezwaar_uitstel")
    return uitstel


def _locked_open_bezwaar(bezwaar, user, action):
    require_role(user, [Role.COMMISSIE], _("Alleen de commissie behandelt een bezwaar."))
    aanvraag = lock(bezwaar.aanvraag)
    require_visible(user, aanvraag)
    bezwaar = Bezwaar.objects.select_for_update().get(pk=bezwaar.pk)
    if not bezwaar.is_open:
        raise TransitionError(
            _("Dit bezwaar is al afgehandeld (%(uitkomst)s); %(action)s kan niet meer.")
            % {"uitkomst": bezwaar.get_uitkomst_display().lower(), "action": action},
            409,
        )
    return aanvraag, bezwaar


def register_hearing(bezwaar, user, op, verslag):
    """The commissie records the hearing (when, and what was said) as a letter to the school."""
    verslag = (verslag or "").strip()
    if op is None:
        raise TransitionError(_("Vul de datum en tijd van de hoorzitting in."), 400)
    if not verslag:
        raise TransitionError(_("Schrijf het verslag van de hoorzitting."), 400)
    with transaction.atomic():
        aanvraag, bezwaar = _locked_open_bezwaar(bezwaar, user, _("een hoorzitting vastleggen"))
        if bezwaar.hoorzitting_op is not None:
            raise TransitionError(_("De hoorzitting van dit bezwaar is al vastgelegd."), 409)
        bezwaar.hoorzitting_op = op
        bezwaar.hoorzitting_verslag = verslag
        bezwaar.save(update_fields=["hoorzitting_op", "hoorzitting_verslag"])
        store_letter(aanvraag, Kind.HOORZITTING, user, bezwaar=bezwaar)
        logboek.log(LogEntry.Action.HOORZITTING, user, aanvraag=aanvraag)
        notifications.notify_school(aanvraag, "hoorzitting")
    return bezwaar


def decide_bezwaar(bezwaar, user, uitkomst, motivering):
    """The commissie decides: gegrond (a herziening follows), ongegrond, or ingetrokken."""
    motivering = (motivering or "").strip()
    if uitkomst not in Bezwaar.Uitkomst.values:
        raise TransitionError(_("Kies gegrond, ongegrond of ingetrokken."), 400)
    if not motivering:
        raise TransitionError(_("Schrijf de motivering van de beslissing op het bezwaar."), 400)
    with transaction.atomic():
        aanvraag, bezwaar = _locked_open_bezwaar(bezwaar, user, _("een beslissing vastleggen"))
        bezwaar.uitkomst = uitkomst
        bezwaar.uitkomst_motivering = motivering
        bezwaar.uitkomst_op = timezone.now()
        bezwaar.behandeld_door = user
        bezwaar.save(
            update_fields=["uitkomst", "uitkomst_motivering", "uitkomst_op", "behandeld_door"]
        )
        store_letter(aanvraag, Kind.BESLISSING_OP_BEZWAAR, user, bezwaar=bezwaar)
        logboek.log(
            LogEntry.Action.BEZWAAR_UITKOMST,
            user,
            aanvraag=aanvraag,
            detail=bezwaar.get_uitkomst_display(),
        )
        notifications.notify_school(aanvraag, "beslissing_bezwaar")
    return bezwaar


def withdraw(aanvraag, user, bezwaar_pk):
    """The school withdraws its own open bezwaar (before the outcome). Refused with a
    Dutch 4xx: anyone but the school's own users (403), a bezwaar of another aanvraag
    (404), one already withdrawn or decided (409). The consulent is told by mail."""
    with transaction.atomic():
        aanvraag = lock(aanvraag)
        if not (
            policy.has_role(user, Role.SCHOOLGEBRUIKER)
            and policy.is_school_user_of(user, aanvraag.school_id)
        ):
            raise TransitionError(_("Alleen de school zelf trekt haar bezwaar in."), 403)
        bezwaar = (
            Bezwaar.objects.select_for_update().filter(aanvraag=aanvraag, pk=bezwaar_pk).first()
        )
        if bezwaar is None:
            raise TransitionError(_("Dit bezwaar bestaat niet."), 404)
        if not bezwaar.is_open:
            raise TransitionError(
                _("Dit bezwaar is al afgehandeld (%(uitkomst)s); intrekken kan niet meer.")
                % {"uitkomst": bezwaar.get_uitkomst_display().lower()},
                409,
            )
        bezwaar.uitkomst = Bezwaar.Uitkomst.INGETROKKEN
        bezwaar.uitkomst_motivering = _("Ingetrokken door de school.")
        bezwaar.uitkomst_op = timezone.now()
        bezwaar.behandeld_door = user
        bezwaar.save(
            update_fields=["uitkomst", "uitkomst_motivering", "uitkomst_op", "behandeld_door"]
        )
        logboek.log(LogEntry.Action.BEZWAAR_INGETROKKEN, user, aanvraag=aanvraag)
        notifications.notify_consulent(aanvraag, "bezwaar_ingetrokken")
    return bezwaar


def awaiting_herziening(aanvraag):
    """The gegrond bezwaar that has no herziening yet: the commissie's next step."""
    return (
        aanvraag.bezwaren.filter(uitkomst=Bezwaar.Uitkomst.GEGROND, herzieningen__isnull=True)
        .order_by("-pk")
        .first()
    )
