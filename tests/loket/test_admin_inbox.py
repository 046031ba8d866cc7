"""The SWV inbox: filters, sorting, own aanvragen first; actions from the detail page."""

import pytest

from devkit.clients import login_verified
from loket.lifecycle import services
from tests.loket.helpers import make_aanvraag


def test_filters_and_sorting(client, loket_users, school_a, school_b):
    a = make_aanvraag(school_a, loket_users["school_a"], naam="Kind A")
    b = make_aanvraag(school_b, loket_users["school_b"], naam="Kind B", aanvraag_type="tlv")
    services.take_in(b, loket_users["commissie"])
    login_verified(client, loket_users["commissie"])

    def refs(query):
        response = client.get("/admin/loket/" + query)
        assert response.status_code == 200, query
        page = response.content.decode()
        return {ref for ref in (a.reference, b.reference) if ref in page}

    assert refs("") == {a.reference, b.reference}
    assert refs("?status=in_behandeling") == {b.reference}
    assert refs("?type=top_arrangement") == {a.reference}
    assert refs(f"?school={school_a.pk}") == {a.reference}
    assert refs(f"?bestuur={school_b.bestuur_id}") == {b.reference}
    assert refs(f"?consulent={loket_users['consulent'].pk}") == {a.reference}
    assert refs("?submitted_at_from=2000-01-01&submitted_at_to=2000-12-31") == set()
    assert refs("?submitted_at_from=2000-01-01") == {a.reference, b.reference}
    assert refs(f"?q={a.reference}") == {a.reference}
    assert refs("?q=Kind+B") == {b.reference}
    page = client.get("/admin/loket/?ordering=reference").content.decode()
    assert page.index(a.reference) < page.index(b.reference)
    page = client.get("/admin/loket/?ordering=-reference").content.decode()
    assert page.index(b.reference) < page.index(a.reference)


def test_consulent_sees_own_aanvragen_first(client, loket_users, school_a, make_user):
    from accounts.models import Role

    colleague = make_user(Role.CONSULENT, email="collega@swv.example")
    mine = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Een")
    theirs = make_aanvraag(school_a, loket_users["school_a"], naam="Kind Twee")
    services.assign_consulent(theirs, loket_users["commissie"], colleague)
    login_verified(client, loket_users["consulent"])
    page = client.get("/admin/loket/").content.decode()
    assert page.index(mine.reference) < page.index(theirs.reference)


def test_assign_terugkoppeling_and_archive_via_http(client, loket_users, school_a):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.loket.helpers import PDF

    aanvraag = make_aanvraag(
        school_a, loket_users["school_a"], aanvraag_type="individueel_arrangement"
    )
    login_verified(client, loket_users["consulent"])
    base = f"/admin/loket/{aanvraag.pk}/actie/"
    response = client.post(base + "toewijzen/", {"consulent": loket_users["consulent"].pk})
    assert response.status_code == 302
    response = client.post(
        base + "terugkoppeling/",
        {"tk-text": "We nemen contact op.", "tk-files": [SimpleUploadedFile("a.pdf", PDF)]},
    )
    assert response.status_code == 302
    assert aanvraag.terugkoppelingen.get().bijlagen.count() == 1
    assert client.post(base + "terugkoppeling/", {"tk-text": ""}).status_code == 400
    assert client.post(base + "archiveren/").status_code == 409  # still open
    services.withdraw(aanvraag, loket_users["school_a"])
    assert client.post(base + "archiveren/").status_code == 302
    aanvraag.dossier.refresh_from_db()
    assert aanvraag.dossier.is_archived
    assert client.post(base + "onbekend/").status_code == 404
    assert client.get(base + "archiveren/").status_code == 405


def test_pages_hold_every_aanvraag_once_in_order(client, loket_users, school_a):
    """The inbox reads a page's keys first and then only those rows with their joins
    (``cms.pagination.JoinAfterLimitPaginator``): over the pages every aanvraag
    appears once, newest first, with its pupil and school from the joins."""
    import re

    from loket.demo.bulk import bulk_aanvragen

    made = bulk_aanvragen(school_a, loket_users["school_a"], 120)
    login_verified(client, loket_users["commissie"])
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/admin/loket/?p={number}").content.decode()
        seen += re.findall(r"SWV-2099-\d{6}-\d+", page)
        assert "Bulk Leerling" in page and school_a.name in page
    expected = [a.reference for a in sorted(made, key=lambda a: a.submitted_at, reverse=True)]
    assert list(dict.fromkeys(seen)) == expected


@pytest.mark.parametrize("max_rows", [5000, 0], ids=["twee-delen", "een-query"])
def test_own_aanvragen_first_over_the_pages(client, loket_users, school_a, monkeypatch, max_rows):
    """A consulent's own aanvragen come first, then the rest, each newest first; over
    the pages every aanvraag appears once. The keys come from two index-ordered parts
    (``cms.pagination.FirstPartPaginator``) or, for deep pages, from one sorted query:
    both give this order."""
    import re

    from cms.pagination import FirstPartPaginator
    from loket.demo.bulk import bulk_aanvragen
    from loket.models import Aanvraag

    monkeypatch.setattr(FirstPartPaginator, "max_rows", max_rows)
    consulent = loket_users["consulent"]
    made = bulk_aanvragen(school_a, loket_users["school_a"], 120)
    own = {a.pk for a in made[5::17]}  # seven, spread over the dates
    Aanvraag.objects.filter(pk__in=own).update(consulent=consulent)
    login_verified(client, consulent)
    seen = []
    for number in (1, 2, 3):
        page = client.get(f"/admin/loket/?p={number}").content.decode()
        seen += re.findall(r"SWV-2099-\d{6}-\d+", page)
    newest_first = sorted(made, key=lambda a: (a.submitted_at, a.pk), reverse=True)
    expected = [a.reference for a in newest_first if a.pk in own]
    expected += [a.reference for a in newest_first if a.pk not in own]
    assert list(dict.fromkeys(seen)) == expected


def test_a_consulents_schools_are_read_per_request(
    client, loket_users, school_a, school_b, django_assert_max_num_queries
):
    """The assigned schools are a literal list read once per request
    (``policy.assigned_school_ids``): a new assignment or one taken away shows at the
    next request, and the inbox's queries do not grow with the number of aanvragen."""
    from accounts.models import ConsulentAssignment

    a = make_aanvraag(school_a, loket_users["school_a"], naam="Kind A")
    b = make_aanvraag(school_b, loket_users["school_b"], naam="Kind B")
    consulent = loket_users["consulent"]
    login_verified(client, consulent)

    def refs():
        page = client.get("/admin/loket/").content.decode()
        return {x.reference for x in (a, b) if x.reference in page}

    assert refs() == {a.reference}
    assert client.get(f"/admin/loket/{b.pk}/").status_code == 404
    ConsulentAssignment.objects.create(school=school_b, consulent=consulent)
    assert refs() == {a.reference, b.reference}
    assert client.get(f"/admin/loket/{b.pk}/").status_code == 200
    ConsulentAssignment.objects.filter(school=school_a, consulent=consulent).delete()
    assert refs() == {b.reference}
    assert client.get(f"/admin/loket/{a.pk}/").status_code == 404
    # 19: the work list reads LoketSettings once per request (evaluation reminder days).
    with django_assert_max_num_queries(19):
        client.get("/admin/loket/")
