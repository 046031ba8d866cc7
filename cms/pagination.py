"""Paginators for long lists whose rows join other tables or are costly to count.

Django's paginator slices the full queryset: ``SELECT … JOIN school JOIN dossier JOIN
leerling … ORDER BY … LIMIT 50``. PostgreSQL then joins every row before it sorts and
keeps fifty: 100,000 aanvragen cost 240 ms in the SWV inbox (``make bench-http``).
Here the page's primary keys come first from the bare table (sorted, limited), and
only those fifty rows are read with their joins and annotations: one query more, the
same number on every page and at every size.
"""

from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Count, IntegerField, Value, Window
from wagtail.admin.paginator import WagtailPaginator


class JoinAfterLimitPaginator(WagtailPaginator):
    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.page_keys(bottom, top)
        rows = {row.pk: row for row in self.object_list.order_by().filter(pk__in=ids)}
        return self._get_page([rows[pk] for pk in ids if pk in rows], number, self)

    def page_keys(self, bottom, top):
        return list(self.object_list.values_list("pk", flat=True)[bottom:top])


class FirstPartPaginator(JoinAfterLimitPaginator):
    """The rows matching ``first`` (a ``Q``) first, each part in the order ``order``.

    "The consulent's own aanvragen first, then newest first" as one ``ORDER BY CASE
    …`` has no index: PostgreSQL sorts every visible row to keep fifty (15 ms at
    100,000, and linear in the inbox's size). Each part on its own is ordered by an
    index (``submitted_at``), so the keys come from ``(part 1 … LIMIT top) UNION ALL
    (part 2 … LIMIT top)``, sorted again: about 1 ms on any of the first pages. Deep
    pages (beyond ``max_rows``) and databases that cannot limit the parts of a UNION
    (SQLite) take the single sorted query, which gives the same keys.

    ``first`` and ``order`` are set by the view; without them this is its parent.
    """

    first = None
    order = ("-pk",)
    max_rows = 5000

    def page_keys(self, bottom, top):
        if (
            self.first is None
            or top > self.max_rows
            or top <= bottom  # an empty slice makes no UNION
            or not connections[self.object_list.db].features.supports_slicing_ordering_in_compound
        ):
            return super().page_keys(bottom, top)
        names = [field.lstrip("-") for field in self.order]
        parts = [
            part.annotate(part_rank=Value(rank, output_field=IntegerField()))
            .order_by(*self.order)
            .values_list("pk", "part_rank", *names)[:top]
            for rank, part in enumerate(
                (self.object_list.filter(self.first), self.object_list.exclude(self.first))
            )
        ]
        union = parts[0].union(parts[1], all=True).order_by("part_rank", *self.order)
        return [row[0] for row in union[bottom:top]]


class CountWithRowsPaginator(Paginator):
    """Reads the total with the page's rows (``COUNT(*) OVER ()``), in one query.

    Django's paginator builds and runs the list's query twice: ``count()``, then the
    rows. For a list that must sort every row it can show anyway (``/inzage/`` orders
    by the end of each grant, through a ``UNION`` over a million permission rows),
    the count costs as much as the list, and building the query in Python as much
    again. Here every row carries the total. Only a page past the end, which has no
    row to carry it, falls back to Django's count and shows the last page.
    """

    total_alias = "paginator_total"

    def __init__(self, object_list, per_page, **kwargs):
        if kwargs.get("orphans"):
            raise ValueError("CountWithRowsPaginator does not support orphans.")
        super().__init__(object_list, per_page, **kwargs)

    def get_page(self, number):
        try:
            number = int(number)
        except (TypeError, ValueError):
            number = 1
        if number < 1:
            return super().get_page(number)  # Django's answer: the last page
        bottom = (number - 1) * self.per_page
        counted = self.object_list.annotate(**{self.total_alias: Window(Count("*"))})
        rows = list(counted[bottom : bottom + self.per_page])
        if not rows and number > 1:
            return super().get_page(number)
        self.count = self._total(rows[0]) if rows else 0  # what count() would say
        return self._get_page(rows, number, self)

    def _total(self, row):
        if isinstance(row, dict):
            return row[self.total_alias]
        return getattr(row, self.total_alias)
