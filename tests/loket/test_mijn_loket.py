"""Mijn loket: filters and search on the school's own list; bad input stays a 200/404."""

from devkit.clients import login_verified
from loket.lifecycle import services
from tests.loket.helpers import make_aanvraag


def test_filters_and_search(client, loket_users, school_a):
    top = make_aanvraag(school_a, loket_users["school_a"], naam="Anna Eerst")
    tlv = make_aanvraag(school_a, loket_users["school_a"], naam="Bas Tweede", aanvraag_type="tlv")
    services.take_in(tlv, loket_users["consulent"])
    login_verified(client, loket_users["school_a"])

    def refs(query):
        response = client.get("/loket/" + query)
        assert response.status_code == 200
        page = response.content.decode()
        return {a.reference for a in (top, tlv) if a.reference in page}

    assert refs("") == {top.reference, tlv.reference}
    assert refs("?status=in_behandeling") == {tlv.reference}
    assert refs("?type=top_arrangement") == {top.reference}
    assert refs(f"?year={top.submitted_at.year}") == {top.reference, tlv.reference}
    assert refs("?year=2001") == set()
    assert refs("?q=bas") == {tlv.reference}
    assert refs(f"?q={top.reference[-6:]}") == {top.reference}
    # Nonsense filters are ignored, not an error.
    assert refs("?year=abc&status=onzin&pagina=999") == {top.reference, tlv.reference}


def test_unknown_reference_and_file_are_404(client, loket_users, school_a):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    login_verified(client, loket_users["school_a"])
    assert client.get("/loket/aanvragen/SWV-1999-000001/").status_code == 404
    assert client.get(f"/loket/aanvragen/{aanvraag.reference}/bijlagen/999999/").status_code == 404
    assert client.get(f"/loket/aanvragen/{aanvraag.reference}/besluit/").status_code == 404
    assert client.get("/loket/dossiers/999999/").status_code == 404


def test_a_bijlage_of_another_aanvraag_is_not_served_under_this_reference(
    client, loket_users, school_a
):
    mine = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Een")
    other = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Twee")
    login_verified(client, loket_users["school_a"])
    foreign = other.bijlagen.first()
    assert (
        client.get(f"/loket/aanvragen/{mine.reference}/bijlagen/{foreign.pk}/").status_code == 404
    )


def test_the_dossier_list_pages_with_its_counts(client, loket_users, school_a):
    """25 dossiers a page, by name, each with its number of aanvragen and its link."""
    import re

    from loket.models import Dossier, Leerling

    leerlingen = Leerling.objects.bulk_create(
        Leerling(naam=f"Leerling {i:02d}", geboortedatum="2015-01-01", school=school_a)
        for i in range(27)
    )
    dossiers = Dossier.objects.bulk_create(
        Dossier(leerling=leerling, school=school_a) for leerling in leerlingen
    )
    make_aanvraag(school_a, loket_users["school_a"], naam="Aa Eerste")  # its own dossier
    login_verified(client, loket_users["school_a"])

    first = client.get("/loket/").content.decode()
    links = re.findall(r'<li><a href="/loket/dossiers/(\d+)/">([^<]+)</a>', first)
    assert len(links) == 25 and links[0][1] == "Aa Eerste"
    assert "1 aanvraag" in first and "0 aanvragen" in first
    assert "?dossierpagina=2" in first
    second = client.get("/loket/?dossierpagina=2").content.decode()
    links = re.findall(r'<li><a href="/loket/dossiers/(\d+)/">([^<]+)</a>', second)
    assert [int(pk) for pk, _ in links] == [d.pk for d in dossiers[-3:]]
    assert "?dossierpagina=3" not in second
    assert client.get(f"/loket/dossiers/{links[0][0]}/").status_code == 200


def test_rows_show_labels_date_and_counts_as_django_formats_them(client, loket_users, school_a):
    """``loket.school.lists`` makes each label, date and "n aanvragen" once per distinct value:
    the rows show what the template filters did before, also across midnight (the date
    in the site's time zone, not UTC)."""
    import datetime
    import re

    from django.template import Context, Template

    from loket.models import Aanvraag

    late = make_aanvraag(school_a, loket_users["school_a"], naam="Cas Laat", aanvraag_type="tlv")
    same_pupil = make_aanvraag(school_a, loket_users["school_a"], naam="Cas Laat")
    # 23:30 UTC on 31 December is 1 January in Amsterdam.
    moment = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    Aanvraag.objects.filter(pk=late.pk).update(submitted_at=moment)
    login_verified(client, loket_users["school_a"])
    page = client.get("/loket/").content.decode()

    expected = Template('{{ when|date:"j F Y" }}').render(Context({"when": moment}))
    assert expected == "1 januari 2027"
    row = page[page.index(late.reference) : page.index("</tr>", page.index(late.reference))]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert cells == [
        "TLV",
        "Cas Laat",
        "School A",
        "1 januari 2027",
        '<span class="status status-ingediend">Ingediend</span>',
    ]
    assert same_pupil.dossier_id == late.dossier_id  # one dossier per pupil per school
    assert re.search(r">Cas Laat</a>\s*\(School A; 2 aanvragen\)", page)


def test_filter_fields_are_kept_per_choice_but_never_with_a_search_text(
    client, loket_users, school_a
):
    """``lists.filter_fields_html`` keeps the filter's HTML per status, type and year; the
    page shows exactly what Django renders for that form, the choices marked, errors
    included. A search text (it may be a pupil's name) is never kept."""
    from django.utils import translation

    from loket.school import lists
    from loket.school.forms import LoketFilterForm

    login_verified(client, loket_users["school_a"])
    lists._kept_fields.cache_clear()
    for query in (
        {},
        {"pagina": "2"},
        {"status": "ingediend"},
        {"status": "ingediend", "type": "tlv", "year": "2026"},
        {"year": "1999"},  # an error: below the minimum
        {"q": "Anna Eerst", "status": "ingediend"},
    ):
        for _ in range(2):
            page = client.get("/loket/", query).content.decode()
            with translation.override("nl"):
                fresh = lists._render_fields(LoketFilterForm(query or None))
            assert fresh in page, query
    selected = lists._render_fields(LoketFilterForm({"status": "ingediend"}))
    assert '<option value="ingediend" selected>' in selected
    with translation.override("nl"):
        error = lists._render_fields(LoketFilterForm({"year": "1999"}))
    assert "Zorg ervoor dat deze waarde minstens 2000 is." in error
    # The four valid forms without a search text were rendered once and then served
    # from the cache; the one with an error and the one with a search text never were.
    assert lists._kept_fields.cache_info()[:2] == (4, 4)  # (hits, misses)
