"""The client's address behind a load balancer (``cms.security.client``), one rule for all.

Every rate limit and django-axes ask the same function; a forged ``X-Forwarded-For``
from a peer that is not a trusted proxy is not believed.
"""

import pytest
from axes.helpers import get_client_ip_address
from django.test import Client, RequestFactory

from cms.security.client import client_ip

PROXY = "10.0.0.5"


def request(remote, forwarded=None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_NETWORKS = []
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("198.51.100.7", "192.0.2.1")) == "198.51.100.7"


def test_a_trusted_proxy_network_gives_the_visitor(settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    assert client_ip(request(PROXY, "192.0.2.1")) == "192.0.2.1"
    # A visitor who sends their own header: the proxy appends the real address.
    assert client_ip(request(PROXY, "203.0.113.9, 192.0.2.1")) == "192.0.2.1"
    # Two proxies of our own in a row are both skipped.
    assert client_ip(request(PROXY, "192.0.2.1, 10.0.0.7")) == "192.0.2.1"


def test_a_forged_header_from_outside_is_not_believed(settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    assert client_ip(request("198.51.100.7", "192.0.2.1")) == "198.51.100.7"
    assert client_ip(request(PROXY, "geen-adres")) == PROXY


def test_a_proxy_count_takes_the_address_the_outer_proxy_saw(settings):
    settings.TRUSTED_PROXY_NETWORKS = []
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request(PROXY, "203.0.113.9, 192.0.2.1")) == "192.0.2.1"
    assert client_ip(request(PROXY)) == PROXY


def test_django_axes_sees_the_same_address(settings):
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    assert get_client_ip_address(request(PROXY, "192.0.2.1")) == "192.0.2.1"


@pytest.mark.django_db
def test_two_visitors_behind_one_proxy_each_have_their_own_limit(settings):
    """The parent's instemming pages: 2 per visitor here; two visitors through one
    proxy address both get their two, a forger from outside does not escape."""
    settings.TRUSTED_PROXY_NETWORKS = ["10.0.0.0/8"]
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "instemming_ip": "2/600"}
    client = Client(REMOTE_ADDR=PROXY)

    def get(forwarded, remote=PROXY):
        url = f"/instemming/link-{forwarded}-{remote}/"
        return client.get(url, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR=remote).status_code

    assert [get("192.0.2.1") for _ in range(3)] == [404, 404, 429]
    assert [get("192.0.2.2") for _ in range(3)] == [404, 404, 429]
    forger = "198.51.100.7"
    assert [get(f"192.0.2.{n}", remote=forger) for n in range(10, 13)] == [404, 404, 429]
