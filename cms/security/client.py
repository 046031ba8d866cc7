"""The client's address, in one place: every rate limit, django-axes and any log ask here.

Behind a load balancer ``REMOTE_ADDR`` is the balancer, so every visitor would share
one address (and one rate limit). The proxies append the address they saw to
``X-Forwarded-For``; that header is only believed as far as it was written by a
proxy we trust, because anyone can send one:

- ``TRUSTED_PROXY_NETWORKS`` (CIDR list, e.g. ``10.0.0.0/8``): the peer must be in
  one of them, else its header is ignored. The header is then read from the right,
  skipping trusted hops; the first untrusted one is the client.
- ``TRUSTED_PROXY_COUNT`` (when no networks are given): exactly that many proxies
  stand in front of the site; the client is the address the outermost one saw.

Neither set (the default): ``REMOTE_ADDR``, whatever the header says.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


@lru_cache(maxsize=8)
def _networks(spec):
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in spec if item.strip())


def _parse(value):
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def _trusted(address, networks):
    return address is not None and any(address in network for network in networks)


def client_ip(request):
    """The address of the visitor who made ``request``, as a string."""
    peer = request.META.get("REMOTE_ADDR", "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if not forwarded:
        return peer
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    networks = _networks(tuple(getattr(settings, "TRUSTED_PROXY_NETWORKS", ())))
    if networks:
        if not _trusted(_parse(peer), networks):
            return peer  # a forged header from outside: not believed
        for hop in reversed(hops):
            address = _parse(hop)
            if address is None:
                return peer  # garbage in the chain: trust nothing of it
            if not _trusted(address, networks):
                return str(address)
        return hops[0] if hops else peer
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if count and len(hops) >= count:
        address = _parse(hops[-count])
        return str(address) if address is not None else peer
    return peer
