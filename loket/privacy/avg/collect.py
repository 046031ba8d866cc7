"""What the portal holds about one pupil, gathered for an AVG inzage export (art. 15).

One pupil can have several dossiers: one per school, and a transfer
(``Overdracht``) makes a new pupil row and dossier at the receiving school. The
export follows those transfers both ways, so the pupil gets everything, not only
what one school holds. Only what a person may be told is gathered: no token or
code hashes of instemming links.

``collect`` returns plain data (model instances and lists) for the index template
and the machine-readable ``gegevens.json``; ``loket.privacy.avg.export`` writes the ZIP.
"""

from django.db.models import Prefetch, Q

from loket.models import (
    Aanvraag,
    Aanvulling,
    Actiepunt,
    Bijlage,
    Dossier,
    FormeelDocument,
    Instemming,
    LogEntry,
    Notitie,
    Ontwikkelplan,
    Overdracht,
    Samenvoeging,
    Terugkoppeling,
)
from permissions.models import InzageGrant

MAX_LINKED_DOSSIERS = 50


def linked_dossier_ids(leerling):
    """The pupil's dossiers and those linked to them by a transfer, in both directions."""
    found = set(Dossier.objects.filter(leerling=leerling).values_list("pk", flat=True))
    frontier = set(found)
    while frontier and len(found) < MAX_LINKED_DOSSIERS:
        links = Overdracht.objects.filter(
            Q(dossier_id__in=frontier) | Q(new_dossier_id__in=frontier),
            new_dossier__isnull=False,
        ).values_list("dossier_id", "new_dossier_id")
        linked = {pk for pair in links for pk in pair} - found
        found |= linked
        frontier = linked
    return sorted(found)


def collect(leerling):
    """Everything about ``leerling``: ``{"leerling", "dossiers": [...]}``."""
    dossier_ids = linked_dossier_ids(leerling)
    aanvragen = (
        Aanvraag.objects.filter(dossier_id__in=dossier_ids)
        .select_related("school", "consulent", "submitted_by")
        .prefetch_related(
            "history__by",
            Prefetch("aanvullingen", Aanvulling.objects.select_related("created_by")),
            Prefetch("terugkoppelingen", Terugkoppeling.objects.select_related("author")),
            Prefetch("bijlagen", Bijlage.objects.select_related("uploaded_by")),
            Prefetch("instemmingen", Instemming.objects.select_related("created_by")),
            Prefetch("notities", Notitie.objects.select_related("author").order_by("created_at")),
            Prefetch("actiepunten", Actiepunt.objects.order_by("created_at")),
            Prefetch("documenten", FormeelDocument.objects.order_by("kind")),
            "evaluatiemomenten__ingediend_door",
        )
        .order_by("submitted_at", "pk")
    )
    besluiten = {}
    for aanvraag in aanvragen:
        besluiten[aanvraag.pk] = getattr(aanvraag, "besluit", None)
    dossiers = (
        Dossier.objects.filter(pk__in=dossier_ids)
        .select_related("leerling", "school__bestuur")
        .prefetch_related(
            Prefetch(
                "inzage_grants",
                InzageGrant.objects.select_related(
                    "grantee_user", "grantee_organisation", "granted_by", "revoked_by"
                ),
            ),
            Prefetch(
                "overdrachten",
                Overdracht.objects.select_related("ontvanger", "created_by", "accepted_by"),
            ),
        )
        .order_by("created_at", "pk")
    )
    plans = {
        plan.dossier_id: plan
        for plan in Ontwikkelplan.objects.filter(dossier_id__in=dossier_ids).prefetch_related(
            Prefetch("instemmingen", Instemming.objects.select_related("created_by"))
        )
    }
    by_dossier = {}
    for aanvraag in aanvragen:
        aanvraag.besluit_or_none = besluiten[aanvraag.pk]
        by_dossier.setdefault(aanvraag.dossier_id, []).append(aanvraag)
    result = []
    lines = _logboek_lines(dossier_ids)
    for dossier in dossiers:
        dossier.plan_or_none = plans.get(dossier.pk)
        dossier.logboek_lines = lines.get(dossier.pk, [])
        result.append({"dossier": dossier, "aanvragen": by_dossier.get(dossier.pk, [])})
    return {"leerling": leerling, "dossiers": result}


def _logboek_lines(dossier_ids):
    """Each dossier's logboek, oldest first, with the lines of dossiers merged into
    it (``Samenvoeging``: the lines keep their own dossier id, append-only)."""
    owner = dict(
        Samenvoeging.objects.filter(dossier_id__in=dossier_ids).values_list(
            "merged_dossier_id", "dossier_id"
        )
    )
    lines = {}
    history = LogEntry.objects.filter(dossier_id__in=[*dossier_ids, *owner])
    for line in history.order_by("at", "pk"):
        lines.setdefault(owner.get(line.dossier_id, line.dossier_id), []).append(line)
    return lines


def as_json(collected):
    """The same content as plain JSON-able data (``gegevens.json`` in the ZIP)."""

    def person(user):
        return user.get_full_name() or user.email if user is not None else ""

    def when(value):
        return value.isoformat() if value else None

    dossiers = []
    for part in collected["dossiers"]:
        dossier = part["dossier"]
        aanvragen = []
        for aanvraag in part["aanvragen"]:
            besluit = aanvraag.besluit_or_none
            aanvragen.append(
                {
                    "kenmerk": aanvraag.reference,
                    "soort": aanvraag.get_type_display(),
                    "status": aanvraag.get_status_display(),
                    "ingediend_op": when(aanvraag.submitted_at),
                    "ingediend_door": person(aanvraag.submitted_by),
                    "antwoorden": [
                        {"stap": str(title), "vraag": str(label), "antwoord": value}
                        for title, rows in aanvraag.answer_sections()
                        for label, value, _field in rows
                    ],
                    "statusgeschiedenis": [
                        {
                            "van": change.from_status,
                            "naar": change.to_status,
                            "op": when(change.at),
                            "toelichting": change.reason,
                        }
                        for change in aanvraag.history.all()
                    ],
                    "aanvullingen": [
                        {"op": when(a.created_at), "tekst": a.text}
                        for a in aanvraag.aanvullingen.all()
                    ],
                    "terugkoppelingen": [
                        {"op": when(t.created_at), "tekst": t.text}
                        for t in aanvraag.terugkoppelingen.all()
                    ],
                    "besluit": None
                    if besluit is None
                    else {
                        "uitkomst": besluit.get_uitkomst_display(),
                        "motivering": besluit.motivering,
                        "tlv_categorie": besluit.tlv_categorie,
                        "ingangsdatum": when(besluit.start_date),
                        "einddatum": when(besluit.end_date),
                        "bedrag": str(besluit.amount) if besluit.amount is not None else None,
                        "besloten_op": when(besluit.decided_at),
                    },
                    "evaluaties": [
                        {
                            "evaluatiedatum": when(m.due_date),
                            "status": m.get_status_display(),
                            "ontvangen_op": when(m.ontvangen_op),
                            "ingediend_door": person(m.ingediend_door),
                            "verplaatst_op": when(m.verplaatst_op),
                            "reden_verplaatst": m.verplaatst_reden,
                            "antwoorden": [
                                {"stap": str(title), "vraag": str(label), "antwoord": value}
                                for title, rows in m.answer_sections()
                                for label, value, _field in rows
                            ],
                        }
                        for m in aanvraag.evaluatiemomenten.all()
                    ],
                    "instemmingen": [
                        {
                            "hoe": i.get_wijze_display(),
                            "status": i.get_status_display(),
                            "email": i.email,
                            "datum": when(i.datum),
                            "toelichting": i.toelichting,
                            "zienswijze": i.zienswijze,
                            "beantwoord_op": when(i.answered_at),
                        }
                        for i in aanvraag.instemmingen.all()
                    ],
                    "bijlagen": [
                        {"bestand": b.zip_path, "naam": b.original_name, "sha256": b.sha256}
                        for b in aanvraag.bijlagen.all()
                    ],
                    "documenten": [
                        {"bestand": d.zip_path, "soort": d.get_kind_display(), "sha256": d.sha256}
                        for d in aanvraag.documenten.all()
                    ],
                    "interne_notities": [
                        {"op": when(n.created_at), "door": person(n.author), "tekst": n.text}
                        for n in aanvraag.notities.all()
                    ],
                    "actiepunten": [
                        {
                            "actie": a.text,
                            "uiterlijk_op": when(a.due_date),
                            "afgerond_op": when(a.done_at),
                        }
                        for a in aanvraag.actiepunten.all()
                    ],
                }
            )
        dossiers.append(
            {
                "dossier": dossier.pk,
                "school": dossier.school.name,
                "leerling": {
                    "naam": dossier.leerling.naam,
                    "geboortedatum": when(dossier.leerling.geboortedatum),
                    "groep": dossier.leerling.groep,
                },
                "status": dossier.get_status_display(),
                "aangemaakt_op": when(dossier.created_at),
                "gearchiveerd_op": when(dossier.archived_at),
                "aanvragen": aanvragen,
                "ontwikkelplan": _plan_json(dossier.plan_or_none, when),
                "inzage": [
                    {
                        "aan": str(g.grantee),
                        "reden": g.reason,
                        "grondslag": g.get_legal_basis_display(),
                        "vanaf": when(g.starts_on),
                        "tot_en_met": when(g.ends_on),
                        "ingetrokken_op": when(g.revoked_at),
                    }
                    for g in dossier.inzage_grants.all()
                ],
                "overdrachten": [
                    {
                        "naar": o.ontvanger.name,
                        "status": o.get_status_display(),
                        "klaargezet_op": when(o.created_at),
                        "geaccepteerd_op": when(o.accepted_at),
                    }
                    for o in dossier.overdrachten.all()
                ],
                "logboek": [
                    {
                        "op": when(line.at),
                        "wie": line.actor,
                        "rol": line.role,
                        "wat": line.get_action_display(),
                        "kenmerk": line.reference,
                        "details": line.detail,
                    }
                    for line in dossier.logboek_lines
                ],
            }
        )
    return {"dossiers": dossiers}


def _plan_json(plan, when):
    if plan is None:
        return None
    return {
        "doelen_en_aanpak": plan.doelen,
        "evaluatiedatum": when(plan.evaluatiedatum),
        "laatst_gewijzigd": when(plan.updated_at),
        "instemmingen": [
            {
                "hoe": i.get_wijze_display(),
                "status": i.get_status_display(),
                "email": i.email,
                "datum": when(i.datum),
                "toelichting": i.toelichting,
                "zienswijze": i.zienswijze,
            }
            for i in plan.instemmingen.all()
        ],
    }
