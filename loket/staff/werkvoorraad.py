"""What the SWV has to do next with an aanvraag: the "actie nodig" marker of the inbox.

One annotation on the queryset (no query per row), read by the inbox:

- ``toewijzen``: submitted and no consulent yet;
- ``innemen``: submitted with a consulent, not yet taken in;
- ``aanvulling``: the school answered a request for aanvulling;
- ``besluit``: in behandeling with the consulent's terugkoppeling written, so ready
  for the commissie's besluit.

Everything else (waiting for the school, decided, withdrawn) needs nothing now.
"""

from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from loket.models import Aanvraag, Terugkoppeling

S = Aanvraag.Status

LABELS = {
    "toewijzen": _("Toewijzen"),
    "innemen": _("In behandeling nemen"),
    "aanvulling": _("Aanvulling beantwoord"),
    "besluit": _("Klaar voor besluit"),
}


def with_actie(queryset):
    """``queryset`` annotated with ``actie`` (a key of ``LABELS`` or ``""``)."""
    has_terugkoppeling = Exists(Terugkoppeling.objects.filter(aanvraag_id=OuterRef("pk")))
    return queryset.annotate(
        heeft_terugkoppeling=has_terugkoppeling,
        actie=Case(
            When(Q(status=S.INGEDIEND, consulent__isnull=True), then=Value("toewijzen")),
            When(status=S.INGEDIEND, then=Value("innemen")),
            When(status=S.AANGEVULD, then=Value("aanvulling")),
            When(Q(status=S.IN_BEHANDELING, heeft_terugkoppeling=True), then=Value("besluit")),
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
