"""The inbox's total comes from the counts PostgreSQL keeps per school
(``AanvraagTelling``, ``loket.staff.telling``): it must always be the count itself."""

import re

import pytest
from django.db import connection
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from devkit.clients import login_verified
from loket.demo.bulk import bulk_aanvragen
from loket.models import Aanvraag
from loket.staff.telling import visible_total
from permissions import policy
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the counts are kept by PostgreSQL triggers"
)


def shown_total(client, query=""):
    """The total the inbox shows under its pagination ("12 aanvragen")."""
    page = client.get("/admin/loket/" + query).content.decode()
    end = re.search(r'<div class="pagination__end">\s*([\d.]+)', page)
    return int(end.group(1).replace(".", ""))


def counted(user):
    return policy.aanvragen_visible_to(user).count()


def test_the_kept_total_is_the_count_through_every_kind_of_change(
    client, loket_users, school_a, school_b
):
    consulent, commissie = loket_users["consulent"], loket_users["commissie"]
    make_aanvraag(school_a, loket_users["school_a"])
    bulk_aanvragen(school_a, loket_users["school_a"], 30)  # one INSERT of 30
    bulk_aanvragen(school_b, loket_users["school_b"], 7, start=100)
    login_verified(client, consulent)
    assert shown_total(client) == counted(consulent) == 31
    # A status change leaves the count alone; moving aanvragen to another school does not.
    Aanvraag.objects.filter(school=school_a).update(status=Aanvraag.Status.BESLOTEN)
    moved = list(Aanvraag.objects.filter(school=school_a).values_list("pk", flat=True)[:5])
    Aanvraag.objects.filter(pk__in=moved).update(school=school_b)
    assert visible_total(consulent) == counted(consulent) == 26
    assert shown_total(client) == 26
    Aanvraag.objects.filter(pk__in=moved[:2]).delete()
    with connection.cursor() as cursor:  # a statement Django never saw
        cursor.execute("DELETE FROM loket_aanvraag WHERE id = %s", [moved[2]])
    assert visible_total(commissie) == counted(commissie) == 31 + 7 - 3
    login_verified(client, commissie)
    assert shown_total(client) == 35


def test_a_filter_or_a_search_is_counted(client, loket_users, school_a):
    bulk_aanvragen(school_a, loket_users["school_a"], 12)
    login_verified(client, loket_users["consulent"])

    def counts_aanvragen(query):
        with CaptureQueriesContext(connection) as queries:
            client.get("/admin/loket/" + query)
        return any(
            "COUNT(*)" in q["sql"] and 'FROM "loket_aanvraag"' in q["sql"]
            for q in queries.captured_queries
        )

    assert not counts_aanvragen("")
    assert counts_aanvragen("?status=ingediend")
    assert counts_aanvragen("?q=Bulk")
    assert shown_total(client, "?status=ingediend") == counted_status(school_a)


def counted_status(school):
    return Aanvraag.objects.filter(school=school, status=Aanvraag.Status.INGEDIEND).count()


def test_wider_access_is_counted(loket_users, school_a, school_b):
    """An access rule (or an inzage grant) adds dossiers of other schools: then the
    sum over the user's schools would be too small, so the inbox counts."""
    consulent = loket_users["consulent"]
    bulk_aanvragen(school_a, loket_users["school_a"], 3)
    other = bulk_aanvragen(school_b, loket_users["school_b"], 2, start=50)
    assert visible_total(consulent) == 3

    def rule(user):
        return Q(pk=other[0].dossier_id) if user.pk == consulent.pk else None

    policy.register_dossier_access_rule(rule)
    try:
        consulent = type(consulent).objects.get(pk=consulent.pk)  # fresh per-request caches
        assert policy.aanvraag_school_scope(consulent) is None
        assert visible_total(consulent) is None
        assert counted(consulent) == 4
    finally:
        policy.unregister_dossier_access_rule(rule)
    assert visible_total(loket_users["school_b"]) == 2  # a school user: their own school
    assert policy.aanvraag_school_scope(loket_users["beheerder"]) is None
