"""Mijn loket: filters and search on the school's own list; bad input stays a 200/404."""

from loket import services
from tests.conftest import login_verified
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
