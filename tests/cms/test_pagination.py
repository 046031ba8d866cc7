"""``cms.pagination.CountWithRowsPaginator`` gives the pages Django's paginator gives,
with the total read from the rows' own query."""

import pytest
from django.core.paginator import Paginator

from accounts.models import Organisation
from cms.pagination import CountWithRowsPaginator
from devkit.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


def pages(paginator_class, queryset, number):
    page = paginator_class(queryset, 4).get_page(number)
    rows = [row["name"] if isinstance(row, dict) else row.name for row in page.object_list]
    return rows, page.number, page.paginator.count, page.paginator.num_pages, page.has_next()


@pytest.mark.parametrize("number", [None, "1", "2", "3", "4", "99", "nul", "-1", "0"])
@pytest.mark.parametrize("as_values", [False, True])
def test_same_pages_as_djangos_paginator(number, as_values):
    OrganisationFactory.create_batch(11)
    queryset = Organisation.objects.order_by("name", "pk")
    if as_values:
        queryset = queryset.values("pk", "name")
    expected = pages(Paginator, queryset, number)
    assert pages(CountWithRowsPaginator, queryset, number) == expected
    assert len(expected[0]) in (3, 4)


def test_one_query_per_page_and_an_empty_list(django_assert_num_queries):
    OrganisationFactory.create_batch(5)
    queryset = Organisation.objects.order_by("pk")
    with django_assert_num_queries(1):
        page = CountWithRowsPaginator(queryset, 4).get_page(2)
        assert (len(page.object_list), page.paginator.count, page.has_next()) == (1, 5, False)
    with django_assert_num_queries(1):
        page = CountWithRowsPaginator(queryset.none() | queryset.filter(pk=0), 4).get_page(1)
        assert (list(page.object_list), page.paginator.count, page.paginator.num_pages) == (
            [],
            0,
            1,
        )


def test_orphans_are_refused():
    with pytest.raises(ValueError, match="orphans"):
        CountWithRowsPaginator(Organisation.objects.all(), 4, orphans=1)
