"""The lists of Mijn loket (``/loket/``): the school's aanvragen and dossiers, and its
evaluations due or overdue (``due_evaluations``).

Both are read as plain values and get everything the template shows (labels, the
date, links, "3 aanvragen") here, once per distinct value (a ``functools.cache`` per
list): for 25 rows, four model instances, a ``reverse()``, a date format and a plural
translation per row cost more than the SQL. ``templates/loket/index.html`` only
places the values.
"""

import datetime
from functools import cache, lru_cache

from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, ngettext

from cms.choices import choice_label
from cms.pagination import CountWithRowsPaginator
from loket.lifecycle import evaluatie
from loket.models import Aanvraag, Besluit, Dossier, Evaluatiemoment, LoketSettings
from loket.school.forms import LoketFilterForm
from loket.types import AanvraagType
from permissions import policy

PAGE_SIZE = 25
AANVRAAG_VALUES = {
    "fields": ("pk", "reference", "type", "status", "submitted_at"),
    "expressions": {
        "school_naam": F("school__name"),
        "leerling_naam": F("dossier__leerling__naam"),
    },
}


def link_maker(name, placeholder):
    """``reverse(name, args=[value])`` for many rows with one ``reverse``, for values the
    URL takes as they are (a kenmerk, a primary key): a placeholder's URL, split."""
    head, tail = reverse(name, args=[placeholder]).rsplit(str(placeholder), 1)
    return lambda value: f"{head}{value}{tail}"


def filtered_aanvragen(user, data):
    """The filter form and the user's school's aanvragen it selects, newest first."""
    form = LoketFilterForm(data or None)
    queryset = policy.aanvragen_visible_to(user, with_grants=False)
    if form.is_valid():
        q = form.cleaned_data["q"].strip()
        if q:
            queryset = queryset.filter(
                Q(reference__icontains=q) | Q(dossier__leerling__naam__icontains=q)
            )
        if form.cleaned_data["status"]:
            queryset = queryset.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["type"]:
            queryset = queryset.filter(type=form.cleaned_data["type"])
        if form.cleaned_data["year"]:
            queryset = queryset.filter(submitted_at__year=form.cleaned_data["year"])
    rows = queryset.values(*AANVRAAG_VALUES["fields"], **AANVRAAG_VALUES["expressions"])
    return form, rows.order_by("-submitted_at", "-pk")


# Every filter field except the search text: the form's HTML is kept per their values.
KEPT_FIELDS = tuple(name for name in LoketFilterForm.base_fields if name != "q")


def filter_fields_html(form):
    """The filter form's fields as HTML.

    Django renders every ``<option>`` of a ``<select>`` through a template: the three
    fields cost about as much as the 25 rows of aanvragen. Without a search text, a
    valid form's HTML depends only on the chosen status, type and year (and the
    language), so it is made once per combination in a process. A search text may hold
    a pupil's name: such a form, and one with errors, is rendered afresh and kept
    nowhere."""
    if form.is_bound and (form.data.get("q") or not form.is_valid()):
        return _render_fields(form)
    values = tuple(form.data.get(name, "") for name in KEPT_FIELDS)
    return _kept_fields(form.is_bound, get_language(), values)


def _render_fields(form):
    return render_to_string("loket/_filter_fields.html", {"form": form})


@lru_cache(maxsize=64)
def _kept_fields(bound, language, values):
    data = dict(zip(KEPT_FIELDS, values, strict=True)) if bound else None
    return _render_fields(LoketFilterForm(data))


def aanvraag_rows(values):
    """The rows with their labels, date (in the site's time zone) and link."""
    link = link_maker("loket:aanvraag", "kenmerk")
    type_label = cache(lambda value: choice_label(AanvraagType, value))
    status_label = cache(lambda value: choice_label(Aanvraag.Status, value))
    day = cache(lambda date: formats.date_format(date, "j F Y"))
    for row in values:
        row["type_label"] = type_label(row["type"])
        row["status_label"] = status_label(row["status"])
        submitted = row["submitted_at"]
        row["ingediend"] = day(timezone.localdate(submitted)) if submitted else ""
        row["url"] = link(row["reference"])
    return values


def aanvragen_page(user, data):
    """``(form, page)``: the filter form and the page of aanvragen ``data`` asks for."""
    form, aanvragen = filtered_aanvragen(user, data)
    page = Paginator(aanvragen, PAGE_SIZE).get_page(data.get("pagina"))
    page.object_list = aanvraag_rows(list(page.object_list))
    return form, page


def dossier_rows(values):
    """The rows with their link and "n aanvragen" (counted for this page's dossiers
    only, in one query)."""
    counts = dict(
        Aanvraag.objects.filter(dossier__in=[row["pk"] for row in values])
        .order_by()
        .values_list("dossier")
        .annotate(n=Count("pk"))
        .values_list("dossier", "n")
    )
    link = link_maker("loket:dossier", 0)
    aantal = cache(lambda n: ngettext("%(n)s aanvraag", "%(n)s aanvragen", n) % {"n": n})
    for row in values:
        row["aantal"] = aantal(counts.get(row["pk"], 0))
        row["is_archived"] = row["status"] == Dossier.Status.GEARCHIVEERD
        row["url"] = link(row["pk"])
    return values


def dossiers_page(user, q, number):
    """The page ``number`` of the user's school's dossiers, by pupil name, those whose
    name contains ``q`` when it is given."""
    dossiers = (
        policy.dossiers_visible_to(user, with_grants=False)
        .values("pk", "status", naam=F("leerling__naam"), school_naam=F("school__name"))
        .order_by("leerling__naam", "pk")
    )
    q = q.strip()
    if q:
        dossiers = dossiers.filter(leerling__naam__icontains=q)
    page = CountWithRowsPaginator(dossiers, PAGE_SIZE).get_page(number)
    page.object_list = dossier_rows(list(page.object_list))
    return page


DUE_LIMIT = 50


def due_evaluations(user, today=None):
    """The open evaluation moments of the user's school(s) that are due soon (within the
    reminder days) or overdue, oldest first, as plain rows with their state and the URL
    that starts the evaluation form: one query for the moments whatever the number of
    dossiers (plus the settings row). A dossier under AVG restriction is left out: its
    evaluation is refused until the restriction is lifted."""
    today = today or timezone.localdate()
    days = LoketSettings.load().evaluatie_herinnering_dagen
    own = policy.aanvragen_visible_to(user, with_grants=False).values("pk")
    rows = (
        Evaluatiemoment.objects.filter(
            aanvraag__in=own,
            status=Evaluatiemoment.Status.OPEN,
            aanvraag__besluit__uitkomst=Besluit.Uitkomst.TOEGEKEND,
            aanvraag__dossier__beperkt_sinds__isnull=True,
            due_date__lte=today + datetime.timedelta(days=days),
        )
        .order_by("due_date", "pk")
        .values(
            "pk",
            "due_date",
            "draft_key",
            reference=F("aanvraag__reference"),
            type=F("aanvraag__type"),
            leerling_naam=F("aanvraag__dossier__leerling__naam"),
        )[:DUE_LIMIT]
    )
    link = link_maker("loket:aanvraag", "kenmerk")
    type_label = cache(lambda value: choice_label(AanvraagType, value))
    result = []
    for row in rows:
        late = row["due_date"] < today
        row["state"] = "te_laat" if late else "binnenkort"
        row["state_label"] = str(evaluatie.STATE_LABELS[row["state"]])
        row["datum"] = formats.date_format(row["due_date"], "j F Y")
        row["type_label"] = type_label(row["type"])
        row["url"] = link(row["reference"])
        row["start_url"] = reverse("loket:evaluatie", args=[row["reference"], row["pk"]])
        result.append(row)
    return result
