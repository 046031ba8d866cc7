"""Paginators for long admin lists whose rows join other tables.

Django's paginator slices the full queryset: ``SELECT … JOIN school JOIN dossier JOIN
leerling … ORDER BY … LIMIT 50``. PostgreSQL then joins every row before it sorts and
keeps fifty: 100,000 aanvragen cost 240 ms in the SWV inbox (``make bench-http``).
Here the page's primary keys come first from the bare table (sorted, limited), and
only those fifty rows are read with their joins and annotations: one query more, the
same number on every page and at every size.
"""

from django.db import connections
from django.db.models import IntegerField, Value
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
