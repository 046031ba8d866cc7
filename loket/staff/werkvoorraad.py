"""What the SWV has to do next with an aanvraag: the "actie nodig" marker of the inbox.

One annotation on the queryset (no query per row), read by the inbox:

- ``toewijzen``: submitted and no consulent yet;
- ``innemen``: submitted with a consulent, not yet taken in;
- ``aanvulling``: the school answered a request for aanvulling;
- ``besluit``: in behandeling with the consulent's terugkoppeling written, so ready
  for the commissie's besluit;
- after a grant, its evaluation moments (``loket.lifecycle.evaluatie``):
  ``evaluatie_ontvangen`` (the school sent one the SWV has not marked read),
  ``evaluatie_te_laat`` (a moment passed unanswered) and ``evaluatie_verwacht`` (a
  moment within ``LoketSettings.evaluatie_herinnering_dagen``). Three ``EXISTS``
  subqueries: the inbox's query count stays the same however many moments there are.

Everything else (waiting for the school, decided, withdrawn) needs nothing now.
"""

from datetime import timedelta

from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.models import Aanvraag, Besluit, Evaluatiemoment, LoketSettings, Terugkoppeling
from loket.staff.kept import Kept

S = Aanvraag.Status

LABELS = {
    "toewijzen": _("Toewijzen"),
    "innemen": _("In behandeling nemen"),
    "aanvulling": _("Aanvulling beantwoord"),
    "besluit": _("Klaar voor besluit"),
    "evaluatie_ontvangen": _("Evaluatie ontvangen"),
    "evaluatie_te_laat": _("Evaluatie te laat"),
    "evaluatie_verwacht": _("Evaluatie verwacht"),
}


def _moment(**filters):
    """Has the aanvraag (granted) an evaluation moment matching ``filters``?"""
    return Exists(
        Evaluatiemoment.objects.filter(
            aanvraag_id=OuterRef("pk"),
            aanvraag__besluit__uitkomst=Besluit.Uitkomst.TOEGEKEND,
            **filters,
        )
    )


_kept_days = Kept(4)


def reminder_days(generation=None):
    """``LoketSettings.evaluatie_herinnering_dagen``; kept per ``generation``
    (``kept.inbox_generation``, which a save of the settings moves on) when given."""
    days = None if generation is None else _kept_days.get(generation)
    if days is None:
        days = LoketSettings.load().evaluatie_herinnering_dagen
        if generation is not None:
            _kept_days.put(generation, days)
    return days


def with_actie(queryset, generation=None):
    """``queryset`` annotated with ``actie`` (a key of ``LABELS`` or ``""``)."""
    has_terugkoppeling = Exists(Terugkoppeling.objects.filter(aanvraag_id=OuterRef("pk")))
    today = timezone.localdate()
    soon = today + timedelta(days=reminder_days(generation))
    OPEN, ONTVANGEN = Evaluatiemoment.Status.OPEN, Evaluatiemoment.Status.ONTVANGEN
    # alias(), not annotate(): the four tests appear once, inside the CASE, instead of
    # also as columns of their own. The inbox's rows query had 8 subplans, and
    # PostgreSQL spent more time planning it than running it (EXPLAIN ANALYZE at
    # 100,000 aanvragen: planning 7-13 ms before, 2-3 ms with 4 subplans).
    return queryset.alias(
        heeft_terugkoppeling=has_terugkoppeling,
        evaluatie_ontvangen=_moment(status=ONTVANGEN, gelezen_op__isnull=True),
        evaluatie_te_laat=_moment(status=OPEN, due_date__lt=today),
        evaluatie_verwacht=_moment(status=OPEN, due_date__lte=soon),
    ).annotate(
        actie=Case(
            When(Q(status=S.INGEDIEND, consulent__isnull=True), then=Value("toewijzen")),
            When(status=S.INGEDIEND, then=Value("innemen")),
            When(status=S.AANGEVULD, then=Value("aanvulling")),
            When(Q(status=S.IN_BEHANDELING, heeft_terugkoppeling=True), then=Value("besluit")),
            When(evaluatie_ontvangen=True, then=Value("evaluatie_ontvangen")),
            When(evaluatie_te_laat=True, then=Value("evaluatie_te_laat")),
            When(evaluatie_verwacht=True, then=Value("evaluatie_verwacht")),
            default=Value(""),
            output_field=CharField(),
        ),
    )


def actie_label(aanvraag):
    return LABELS.get(getattr(aanvraag, "actie", ""), "")


def days_waiting(aanvraag, today=None):
    """Whole days since the aanvraag was last complete (submitted or aangevuld), for
    open aanvragen the SWV has to act on; ``None`` while the school has the turn or
    when the aanvraag is closed."""
    if aanvraag.status not in (S.INGEDIEND, S.IN_BEHANDELING, S.AANGEVULD):
        return None
    since = aanvraag.completed_at or aanvraag.submitted_at
    today = today or timezone.localdate()
    return (today - timezone.localdate(since)).days
