"""The inbox's table with Wagtail's markup, its rows written in Python.

Wagtail renders a listing through a template per cell, each reached through a
component tag and a fresh context: for a page of 50 aanvragen with nine columns
that is 450 cell templates and 50 attribute templates, about two thirds of the
inbox's time in the admin templates. ``PlainRowsTable`` writes the rows with
``format_html`` instead, for the three kinds of cell the inbox uses (a plain value,
a linked title, a status tag), and leaves every other column, and every header, to
Wagtail. ``tests/loket/test_admin_table.py`` holds the two renderings side by side:
the HTML must stay the same as Wagtail's, apart from white space.
"""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from wagtail.admin.ui.tables import Column, Table, TitleColumn


class StatusTagColumn(Column):
    """A value as Wagtail's primary status tag (``{% status %}``), an empty cell without."""

    cell_template_name = "loket/admin/_status_tag_cell.html"


def flat_attrs(attrs):
    """``wagtailadmin/shared/attrs.html`` in Python: `` name="value"``, ``True`` as a bare
    name, ``False`` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _shown(column, instance):
    """The value as Wagtail's ``Column.get_cell_context_data`` puts it in ``value``."""
    value = column.get_value(instance)
    if not str(value).strip():
        return column.empty_value_display
    return value


def _plain_cell(column, instance):
    """The cell as Wagtail would render it, or None where only its template knows how."""
    kind = type(column)
    classname = column.classname
    if kind is Column:
        value = _shown(column, instance)
        attrs = format_html(' class="{}"', classname) if classname else ""
        return format_html("<td{}>{}</td>", attrs, "" if value is None else value)
    if kind is TitleColumn and not column.label_prefix and not column._get_label_id_func:
        url = column.get_link_url(instance, {})
        title_id = column.get_title_id(instance, {})
        if url is None or title_id:
            return None
        link_attrs = {**column.get_link_attrs(instance, {}), "href": url}
        if column.link_classname is not None:
            link_attrs["class"] = column.link_classname
        return format_html(
            '<td class="{}title"><div class="title-wrapper"><a{}>{}</a></div></td>',
            f"{classname} " if classname else "",
            flat_attrs(link_attrs),
            _shown(column, instance),
        )
    if kind is StatusTagColumn and not classname:
        value = column.get_value(instance)
        if not value:
            return mark_safe("<td></td>")
        return format_html('<td><span class="w-status w-status--primary">{}</span></td>', value)
    return None


class PlainRowsTable(Table):
    """Wagtail's ``Table``; rows in Python where ``_plain_cell`` knows the column."""

    def render_html(self, parent_context=None):
        context = self.get_context_data(parent_context or {})
        parts = [format_html("<table{}>", flat_attrs(self.attrs))]
        caption = self.get_caption()
        if caption:
            parts.append(format_html('<caption class="w-sr-only">{}</caption>', caption))
        columns = list(self.columns.values())
        if self.has_column_widths():
            parts += [
                format_html("<col{} />", format_html(' width="{}"', c.width) if c.width else "")
                for c in columns
            ]
        header_attrs = (
            format_html(' class="{}"', self.header_row_classname)
            if self.header_row_classname
            else ""
        )
        parts.append(format_html("<thead><tr{}>", header_attrs))
        parts += [column.render_header_html(context) for column in columns]
        parts.append(mark_safe("</tr></thead><tbody>"))
        for row in self.rows:
            parts.append(format_html("<tr{}>", flat_attrs(row.attrs)))
            for column in columns:
                cell = _plain_cell(column, row.instance)
                if cell is None:
                    cell = column.render_cell_html(row.instance, {**context, "row": row})
                parts.append(cell)
            parts.append(mark_safe("</tr>"))
        parts.append(mark_safe("</tbody></table>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part is escaped or a template's
