"""Same-origin check for the few POST endpoints a cached public page posts to.

A page the anonymous page cache may store (``cms.caching.pages``) cannot carry a CSRF token:
the token is tied to a visitor's cookie, and the next visitor would get the stored
one. Such a form posts to a ``csrf_exempt`` view that checks instead that the
browser says the request comes from this site (``Origin``, or ``Referer`` when a
browser sends no Origin): the defence OWASP calls "verifying origin with standard
headers". Requests that name no origin at all are refused too.
"""

from urllib.parse import urlsplit


def _origin_of(url):
    parts = urlsplit(url or "")
    if not parts.scheme or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc}".lower()


def is_same_origin(request):
    """True when the request's Origin (or else Referer) is this site's scheme and host."""
    expected = f"{request.scheme}://{request.get_host()}".lower()
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return _origin_of(origin) == expected
    return _origin_of(request.headers.get("Referer")) == expected
