"""Panels for instemming, mede-ondertekening, hoorrecht, archiving and transfer,
included in existing loket pages.

Inclusion tags so the pages of Mijn loket need one ``{% ... %}`` line each and their
views stay as they are: the panel reads what it needs itself (a few small queries).
"""

from django import template
from django.db.models import F
from django.urls import reverse
from django.utils.translation import gettext as _

from loket.dossiers import archive, transfer
from loket.instemming import ondertekening, vereist, versie
from loket.lifecycle import hoorrecht
from permissions import policy

register = template.Library()


def _with_versions(subject, records):
    """The records, each with ``versie_staat``: for the current version of ``subject``,
    an earlier one, or from before versions were kept (``loket.instemming.versie``).
    The frozen snapshots themselves are not read here."""
    current = versie.current(subject)
    records = list(records.defer("versie"))
    for i in records:
        i.versie_staat = versie.state(i, current)
    return records


@register.inclusion_tag("loket/instemming/_panel.html", takes_context=True)
def instemming_panel(context, aanvraag):
    """The state per person on an aanvraag, and the school's buttons."""
    user = context["request"].user
    instemmingen = _with_versions(aanvraag, aanvraag.instemmingen.all())
    for i in instemmingen:
        args = [aanvraag.reference, i.pk]
        i.revoke_url = reverse("loket:instemming_intrekken", args=args)
        i.versie_url = reverse("loket:instemming_versie", args=args)
    return {
        "instemmingen": instemmingen,
        "register_url": reverse("loket:instemming", args=[aanvraag.reference]),
        "required": vereist.required_for(aanvraag),
        "satisfied": vereist.instemming_satisfied(aanvraag),
        "outdated": any(i.versie_staat == versie.OUTDATED for i in instemmingen),
        "is_school": policy.is_school_user_of(user, aanvraag.school_id),
        "archived": aanvraag.dossier is not None and aanvraag.dossier.is_archived,
    }


@register.inclusion_tag("loket/instemming/_ondertekening_panel.html", takes_context=True)
def ondertekening_panel(context, aanvraag):
    """Per mede-ondertekenaar: gevraagd / ondertekend / niet ondertekend / verlopen; the
    school withdraws an open link or asks again; earlier requests per party below the
    table. Empty when the form names nobody."""
    rows = ondertekening.overview(aanvraag)
    for row in rows:
        if row["record"] is not None:
            args = [aanvraag.reference, row["record"].pk]
            row["revoke_url"] = reverse("loket:ondertekening_intrekken", args=args)
            row["again_url"] = reverse("loket:ondertekening_opnieuw", args=args)
    return {
        "rows": rows,
        "missing": any(r["required"] and r["state"] != ondertekening.GETEKEND for r in rows),
        "has_earlier": any(r["earlier"] for r in rows),
        "is_school": policy.is_school_user_of(context["request"].user, aanvraag.school_id),
        "open_aanvraag": aanvraag.is_open,
    }


@register.inclusion_tag("loket/_hoorrecht.html")
def hoorrecht_panel(aanvraag):
    """When and how pupil and parents were heard, and their view; for a TLV without
    it, that it is not recorded. Empty for other aanvragen without it."""
    return {"gehoord": hoorrecht.of(aanvraag), "expected": hoorrecht.expected(aanvraag)}


@register.inclusion_tag("loket/instemming/_panel.html", takes_context=True)
def plan_instemming_panel(context, plan):
    """The state per person on a dossier's ontwikkelplan, and the school's buttons."""
    user = context["request"].user
    dossier = plan.dossier
    instemmingen = _with_versions(plan, plan.instemmingen.all())
    for i in instemmingen:
        args = [dossier.pk, i.pk]
        i.revoke_url = reverse("loket:plan_instemming_intrekken", args=args)
        i.versie_url = reverse("loket:plan_instemming_versie", args=args)
    return {
        "heading": _("Instemming op het ontwikkelplan"),
        "plan": True,
        "instemmingen": instemmingen,
        "outdated": any(i.versie_staat == versie.OUTDATED for i in instemmingen),
        "register_url": reverse("loket:plan_instemming", args=[dossier.pk]),
        "required": False,
        "is_school": policy.is_school_user_of(user, dossier.school_id),
        "archived": dossier.is_archived,
    }


@register.inclusion_tag("loket/dossier/_panel.html", takes_context=True)
def dossier_panel(context, dossier):
    """Archive and transfer on the dossier page: state, buttons, the transfers sent."""
    user = context["request"].user
    return {
        "dossier": dossier,
        "is_school": policy.is_school_user_of(user, dossier.school_id),
        "earliest": None if dossier.is_archived else archive.earliest_archive_date(dossier),
        "has_open": dossier.aanvragen.filter(
            status__in=dossier.aanvragen.model.OPEN_STATUSES
        ).exists(),
        "overdrachten": list(dossier.overdrachten.select_related("ontvanger")),
        "ontvangen_via": getattr(dossier, "ontvangen_via", None)
        if hasattr(dossier, "ontvangen_via")
        else None,
    }


@register.inclusion_tag("loket/dossier/_waiting.html", takes_context=True)
def waiting_transfers(context):
    """Mijn loket and ``/inzage/``: transfers waiting for the user's school or
    organisation. Asked on every visit and nearly always empty, so only what the list
    shows is read (the sending school and the date), not three joined models."""
    waiting = transfer.waiting_for(context["request"].user).values(
        "pk", "created_at", school_name=F("dossier__school__name")
    )
    return {"waiting": list(waiting)}
