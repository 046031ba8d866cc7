"""The inbox's table writes its rows in Python (``loket.staff.table``): the page must
stay what Wagtail's cell templates would have made of it, apart from white space."""

import re

import pytest
from wagtail.admin.ui.tables import Column, Table, TitleColumn

from devkit.clients import login_verified
from loket.lifecycle import services
from loket.staff.inbox import InboxView
from loket.staff.table import PlainRowsTable, StatusTagColumn, flat_attrs
from tests.loket.helpers import make_aanvraag


def table_html(page):
    """The listing's ``<table>``, white space between and inside tags made uniform."""
    html = re.search(r"<table[^>]*class=\"listing\".*?</table>", page, re.S).group()
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*>\s*", ">", html)
    return re.sub(r"\s*<\s*", "<", html)


@pytest.mark.parametrize("role", ["consulent", "commissie"])
def test_the_same_table_as_wagtails_templates(
    client, loket_users, school_a, school_b, monkeypatch, role
):
    """Every kind of cell the inbox has: with and without pupil name (a role that may
    not see them has no such column), with and without consulent, days waiting empty
    and a number, the "actie nodig" tag present and absent, names that need escaping."""
    waiting = make_aanvraag(school_a, loket_users["school_a"], naam="Kind <A> & co")
    taken = make_aanvraag(school_b, loket_users["school_b"], naam="Kind B", aanvraag_type="tlv")
    services.take_in(taken, loket_users["commissie"])
    withdrawn = make_aanvraag(school_a, loket_users["school_a"], naam="Kind C")
    services.withdraw(withdrawn, loket_users["school_a"])
    login_verified(client, loket_users[role])

    def page(query=""):
        response = client.get("/admin/loket/" + query)
        assert response.status_code == 200
        return response.content.decode()

    for query in ("", "?ordering=reference", "?ordering=-submitted_at"):
        plain = table_html(page(query))
        monkeypatch.setattr(InboxView, "table_class", Table)
        wagtails = table_html(page(query))
        monkeypatch.setattr(InboxView, "table_class", PlainRowsTable)
        assert plain == wagtails, query
        for aanvraag in (waiting, withdrawn):
            assert aanvraag.reference in plain
        assert (taken.reference in plain) == (role == "commissie")  # consulent: school A
        assert "Kind &lt;A&gt; &amp; co" in plain or role == "commissie"
        assert '<td><span class="w-status w-status--primary">In behandeling nemen' in plain
        assert plain.endswith("<td></td></tr></tbody></table>") or "<td></td></tr>" in plain


def test_columns_it_does_not_know_are_left_to_wagtail(rf):
    """A column kind, or a title column option, the table does not write itself is
    rendered by its own template, in the same place."""

    class Thing:
        pk = 7
        name = "Ding"
        state = "Nieuw"

    class Odd(Column):
        cell_template_name = "wagtailadmin/tables/cell.html"

    columns = [
        TitleColumn(
            "title", accessor="name", get_url=lambda o: "/ding/7/", get_title_id=lambda o: "t7"
        ),
        Odd("odd", accessor="state"),
        StatusTagColumn("tag", accessor="state", classname="breed"),
        Column("plain", accessor="name", classname="x"),
    ]
    request = rf.get("/")
    plain = PlainRowsTable(columns, [Thing()]).render_html({"request": request})
    wagtails = Table(columns, [Thing()]).render_html({"request": request})
    assert table_html(plain) == table_html(wagtails)
    assert '<span id="t7">Ding</span>' in plain
    assert '<td class="x">Ding</td>' in plain


def test_flat_attrs_like_wagtails_attrs_template():
    assert flat_attrs({"href": "/a?b=1&c=2", "hidden": True, "data-x": False}) == (
        ' href="/a?b=1&amp;c=2" hidden'
    )
