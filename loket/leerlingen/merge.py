"""Merging two rows of the register that are one child ("1 kind, 1 plan").

A school that finds a child twice in its register (a typo before the register
existed, an import that did not match) merges the two: everything of the merged
pupil ends up on the remaining one, and a dossier of the merged pupil at a school
where the remaining pupil has one too is merged into that dossier. The remaining
pupil's data stay; its empty fields (leerlingnummer, groep) are filled from the
merged pupil, and it is current when either was (the child is still at school).
Wrong data on the remaining pupil are corrected afterwards (``services.correct_pupil``).

Nothing may be lost, now or after a new model points at a dossier: every reverse
relation of ``Dossier`` and ``Leerling`` has an entry in ``DOSSIER_RELATIONS`` /
``LEERLING_RELATIONS`` (a test compares them with the models), and before a row is
deleted ``_assert_nothing_left`` checks that no row still points at it, so an
unhandled relation rolls the whole merge back instead of cascading rows away.

The logboek is not moved: its lines are append-only (a PostgreSQL trigger refuses
UPDATE, and that is not weakened here). They keep their dossier id, a
``Samenvoeging`` row records that id on the remaining dossier, and the remaining
dossier's logboek shows both (``loket.logboek.dossier_lines``). The merged dossier's
own last line says into which dossier it went, the remaining one's says which
dossier came in: by id, never by name.

An archived dossier of the same child is merged into the open one (whichever
pupil it belonged to: the open dossier remains, on the remaining pupil). Its
aanvragen become part of the open dossier, so its retention term no longer runs
from its own archive date but with the open dossier, from the day that one is
archived: the same as when a transfer brings new content into an archived dossier
(it opens again, ``loket.dossiers.transfer``). That extension is never silent: the
confirmation page says it before the school confirms, the ``Samenvoeging`` row keeps
the merged dossier's archive date (``merged_archived_at``) and the logboek line names
it. The child's record is needed as long as the child is supported; keeping the old
term would mean purging part of one open dossier, which the retention rules do not
do.

Two plans: when both dossiers have an ontwikkelplan, both stay on the remaining
dossier; the one changed last stays current, the other is marked
``samengevoegd_op`` (an earlier version, read-only, with its own instemmingen:
the parents consented to that text, so it is never joined with the other).

Refused (``ValidationError`` with the Dutch reason):

- a pupil with itself, or pupils of two schools (two schools' records are never
  joined; a child who moved goes through an overdracht);
- two archived dossiers at one school: each is a closed record with its own term,
  and neither is the child's current dossier to join;
- an archived dossier with a transfer waiting (klaargezet): the transfer binds its
  exact content; cancel or finish it first;
- a dossier whose processing is restricted (AVG art. 18, ``beperkt_sinds``): it is
  frozen until the privacy officer lifts the restriction;
- two dossiers that each came in through an overdracht (a dossier is the result
  of at most one).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from loket import logboek
from loket.models import (
    Aanvraag,
    AvgExport,
    AvgVerzoek,
    Bijlage,
    Dossier,
    Groepsplaatsing,
    Instemming,
    Leerling,
    LogEntry,
    Ontwikkelplan,
    Overdracht,
    Samenvoeging,
    Thuiszitter,
)
from permissions.models import (
    DossierGroupObjectPermission,
    DossierUserObjectPermission,
    InzageGrant,
)


def relation_keys(model):
    """``"app.Model.field"`` of every relation pointing at ``model`` (hidden ones too)."""
    return {
        f"{rel.related_model._meta.label}.{rel.field.name}"
        for rel in model._meta.get_fields(include_hidden=True)
        if rel.auto_created and not rel.concrete
    }


def _move(model, field):
    def move(target, source):
        model._base_manager.filter(**{field: source}).update(**{field: target})

    return move


def _move_permissions(model, holder):
    """Guardian rows follow the grants; a holder with the same permission on both
    dossiers keeps one row (the table is unique per holder, permission, dossier)."""

    def move(target, source):
        rows = model.objects.filter(content_object=target)
        existing = set(rows.values_list(holder, "permission_id"))
        for row in model.objects.filter(content_object=source):
            if (getattr(row, holder), row.permission_id) in existing:
                row.delete()
            else:
                model.objects.filter(pk=row.pk).update(content_object=target)

    return move


def _move_groepen(target, source):
    """The merged pupil's groep of a school year the remaining pupil has none for."""
    years = Groepsplaatsing.objects.filter(leerling=target).values_list("schooljaar")
    Groepsplaatsing.objects.filter(leerling=source, schooljaar__in=years).delete()
    Groepsplaatsing.objects.filter(leerling=source).update(leerling=target)


def _keep_log_lines(target, source):
    """Not moved: see the module docstring and ``Samenvoeging``."""


# Applied in this order: guardian rows after the grants they mirror.
DOSSIER_RELATIONS = {
    "loket.Aanvraag.dossier": _move(Aanvraag, "dossier"),  # bijlagen, besluit, … go along
    "permissions.InzageGrant.dossier": _move(InzageGrant, "dossier"),
    "permissions.DossierUserObjectPermission.content_object": _move_permissions(
        DossierUserObjectPermission, "user_id"
    ),
    "permissions.DossierGroupObjectPermission.content_object": _move_permissions(
        DossierGroupObjectPermission, "group_id"
    ),
    "loket.Ontwikkelplan.dossier": _move(Ontwikkelplan, "dossier"),  # its instemmingen go along
    "loket.Overdracht.dossier": _move(Overdracht, "dossier"),
    "loket.Overdracht.new_dossier": _move(Overdracht, "new_dossier"),
    "loket.Samenvoeging.dossier": _move(Samenvoeging, "dossier"),  # earlier merges
    "loket.LogEntry.dossier": _keep_log_lines,
}
NOT_CHECKED = {"loket.LogEntry.dossier"}  # lines outlive their dossier on purpose

LEERLING_RELATIONS = {
    "loket.Dossier.leerling": None,  # per school: merged or moved by ``merge_pupils``
    "loket.AvgExport.leerling": _move(AvgExport, "leerling"),
    # An AVG request about either row is about the one child: it follows the remaining pupil.
    "loket.AvgVerzoek.leerling": _move(AvgVerzoek, "leerling"),
    "loket.Groepsplaatsing.leerling": _move_groepen,  # the remaining pupil's years win
    "loket.Thuiszitter.leerling": _move(Thuiszitter, "leerling"),  # every period counts
}


def _assert_nothing_left(model, obj, skip=()):
    for rel in model._meta.get_fields(include_hidden=True):
        if not (rel.auto_created and not rel.concrete):
            continue
        key = f"{rel.related_model._meta.label}.{rel.field.name}"
        if key in skip:
            continue
        if rel.related_model._base_manager.filter(**{rel.field.name: obj}).exists():
            raise RuntimeError(f"Samenvoegen onvolledig: {key} wijst nog naar {obj.pk}.")


def summary(pupil):
    """What a pupil holds, in numbers, for the confirmation page (no contents)."""
    dossiers = Dossier.objects.filter(leerling=pupil)
    aanvragen = Aanvraag.objects.filter(dossier__in=dossiers)
    ids = [pk for d in dossiers for pk in logboek.dossier_history_ids(d)]
    return {
        "dossiers": dossiers.count(),
        "archived": dossiers.filter(status=Dossier.Status.GEARCHIVEERD).count(),
        "aanvragen": aanvragen.count(),
        "bijlagen": Bijlage.objects.filter(aanvraag__in=aanvragen).count(),
        "instemmingen": Instemming.objects.filter(
            Q(aanvraag__in=aanvragen) | Q(plan__dossier__in=dossiers)
        ).count(),
        "plan": Ontwikkelplan.objects.filter(dossier__in=dossiers).exists(),
        "inzages": InzageGrant.objects.filter(dossier__in=dossiers).count(),
        "overdrachten": Overdracht.objects.filter(dossier__in=dossiers).count(),
        "logboek": LogEntry.objects.filter(dossier_id__in=ids).count(),
    }


def consequences(dossiers):
    """What the school must know before it confirms (shown on the confirmation page):
    ``archived_joins``, the archive dates of archived dossiers that go into an open
    one (their retention term then runs with it), and ``plans_kept``, whether two
    plans meet (the older becomes an earlier version)."""
    pairs = {}
    for dossier in dossiers:
        pairs.setdefault(dossier.school_id, []).append(dossier)
    joins, plans = [], False
    for pair in (p for p in pairs.values() if len(p) == 2):
        joins += [d.archived_at for d in pair if d.is_archived]
        current = Ontwikkelplan.objects.filter(dossier__in=pair, samengevoegd_op__isnull=True)
        plans = plans or current.count() == 2
    return {"archived_joins": joins, "plans_kept": plans}


def check_mergeable(keep, remove, dossiers):
    """Raise ``ValidationError`` when these two pupils may not be merged (see above)."""
    if keep.pk == remove.pk:
        raise ValidationError(
            _("Kies een andere leerling: een leerling kan niet met zichzelf samen.")
        )
    if keep.school_id != remove.school_id:
        raise ValidationError(_("Alleen leerlingen van dezelfde school kunnen samen."))
    if any(d.is_restricted for d in dossiers):
        raise ValidationError(
            _(
                "De verwerking van een van de dossiers is beperkt (AVG-verzoek); het wordt "
                "niet samengevoegd zolang de beperking loopt."
            )
        )
    waiting = Overdracht.objects.filter(
        dossier__in=[d for d in dossiers if d.is_archived], status=Overdracht.Status.KLAARGEZET
    )
    if waiting.exists():
        raise ValidationError(
            _(
                "Voor een gearchiveerd dossier staat een overdracht klaar. Laat die eerst "
                "afronden of annuleren; daarna kan het samengevoegd worden."
            )
        )
    pairs = {}
    for dossier in dossiers:
        pairs.setdefault(dossier.school_id, []).append(dossier)
    for pair in (p for p in pairs.values() if len(p) == 2):
        ids = [d.pk for d in pair]
        if all(d.is_archived for d in pair):
            raise ValidationError(
                _(
                    "Beide dossiers zijn gearchiveerd: elk is afgesloten met een eigen "
                    "bewaartermijn. Heropen er eerst één of vraag het SWV."
                )
            )
        if Overdracht.objects.filter(new_dossier_id__in=ids).count() == 2:
            raise ValidationError(
                _("Beide dossiers kwamen binnen via een overdracht; vraag het SWV om hulp.")
            )


def target_of(pair):
    """Of two dossiers of one child at one school, the one that remains: the open one
    when the other is archived, else the remaining pupil's (``pair`` is kept, merged)."""
    kept, merged = pair
    if kept.is_archived and not merged.is_archived:
        return merged, kept
    return kept, merged


def _keep_both_plans(target, source, now, user):
    """Two current plans: the one changed last stays current, the other becomes an
    earlier version (moved with the other rows by ``DOSSIER_RELATIONS``). A parent's
    link still open on the earlier version is withdrawn (logged as any withdrawal):
    nobody should consent now to a plan that is no longer the plan; its answers given
    before stay."""
    plans = list(Ontwikkelplan.current_of(target)) + list(Ontwikkelplan.current_of(source))
    if len(plans) < 2:
        return None
    older = min(plans, key=lambda plan: (plan.updated_at, plan.pk))
    Ontwikkelplan.objects.filter(pk=older.pk).update(samengevoegd_op=now)
    for link in Instemming.objects.select_for_update().filter(plan=older):
        if link.link_is_open:  # as ``loket.instemming.services.revoke`` does it
            link.close_link(Instemming.Status.INGETROKKEN)
            detail = f"instemming {link.pk} (ontwikkelplan)"
            logboek.log(
                LogEntry.Action.INSTEMMING_INGETROKKEN, user, dossier=older.dossier, detail=detail
            )
    return older


def merge_dossiers(target, source, user):
    """Everything of ``source`` onto ``target``, then delete ``source`` (both locked)."""
    now = timezone.now()
    older = _keep_both_plans(target, source, now, user)
    for handler in DOSSIER_RELATIONS.values():
        handler(target, source)
    archived_at = source.archived_at if source.is_archived else None
    Samenvoeging.objects.create(
        dossier=target,
        merged_dossier_id=source.pk,
        merged_leerling_id=source.leerling_id,
        merged_archived_at=archived_at,
        by=user,
        at=now,
    )
    logboek.log(
        LogEntry.Action.SAMENGEVOEGD_IN, user, dossier=source, detail=f"in dossier {target.pk}"
    )
    detail = f"dossier {source.pk} (leerling {source.leerling_id})"
    if archived_at is not None:
        detail += (
            f", gearchiveerd op {timezone.localdate(archived_at).isoformat()}: "
            "bewaartermijn loopt nu met dit dossier"
        )
    if older is not None:
        detail += f", ontwikkelplan {older.pk} eerdere versie"
    logboek.log(LogEntry.Action.SAMENGEVOEGD, user, dossier=target, detail=detail)
    _assert_nothing_left(Dossier, source, skip=NOT_CHECKED)
    Dossier.objects.filter(pk=source.pk).delete()


def merge_pupils(keep, remove, user):
    """Merge pupil ``remove`` into pupil ``keep`` in one transaction; returns ``keep``.

    Both pupils and all their dossiers are locked (``select_for_update``) before
    anything is checked, so two people merging at once cannot both succeed.
    """
    if keep.pk == remove.pk:
        check_mergeable(keep, remove, [])
    with transaction.atomic():
        locked = Leerling.objects.select_for_update().filter(pk__in=[keep.pk, remove.pk])
        locked = {pupil.pk: pupil for pupil in locked.order_by("pk")}
        if len(locked) != 2:
            raise ValidationError(_("Een van de leerlingen bestaat niet meer."))
        keep, remove = locked[keep.pk], locked[remove.pk]
        dossiers = list(
            Dossier.objects.select_for_update()
            .filter(leerling__in=[keep.pk, remove.pk])
            .order_by("pk")
        )
        check_mergeable(keep, remove, dossiers)
        kept = {d.school_id: d for d in dossiers if d.leerling_id == keep.pk}
        for dossier in (d for d in dossiers if d.leerling_id == remove.pk):
            if dossier.school_id in kept:
                target, source = target_of((kept[dossier.school_id], dossier))
                merge_dossiers(target, source, user)
                if target.pk != dossier.pk:
                    continue
            Dossier.objects.filter(pk=dossier.pk).update(leerling=keep)
            detail = f"van leerling {remove.pk} naar leerling {keep.pk}"
            logboek.log(LogEntry.Action.LEERLING_OVERGEZET, user, dossier=dossier, detail=detail)
        if not dossiers:
            detail = f"leerling {remove.pk} in leerling {keep.pk}"
            role = logboek.acting_role(user, keep.school_id)
            logboek.log(LogEntry.Action.SAMENGEVOEGD, user, detail=detail, role=role)
        for handler in filter(None, LEERLING_RELATIONS.values()):
            handler(keep, remove)
        _assert_nothing_left(Leerling, remove)
        filled = {
            "leerlingnummer": keep.leerlingnummer or remove.leerlingnummer,
            "groep": keep.groep or remove.groep,
            "schooljaar": keep.schooljaar if keep.groep else remove.schooljaar,
            "vertrokken_op": keep.vertrokken_op if remove.vertrokken_op else None,
        }
        Leerling.objects.filter(pk=remove.pk).delete()
        Leerling.objects.filter(pk=keep.pk).update(**filled)
        keep.refresh_from_db()
    return keep
