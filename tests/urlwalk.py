"""Turn every URL pattern of the project into a concrete path.

Used by access tests that must cover every URL, including ones added later:
the list comes from the URL resolver, not from a hand-written list.
"""

import re
import uuid

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import RoutePattern

SAMPLE_BY_CONVERTER = {
    "int": "1",
    "str": "voorbeeld",
    "slug": "voorbeeld",
    "path": "voorbeeld/pad",
    "uuid": str(uuid.UUID(int=1)),
}


def _sample_route(route, converters):
    def replace(match):
        name = match.group("parameter")
        converter = converters.get(name)
        kind = type(converter).__name__.replace("Converter", "").lower() if converter else "str"
        if kind == "string":
            kind = "str"
        return SAMPLE_BY_CONVERTER.get(kind, "1")

    return re.sub(r"<(?:(?P<converter>[^>:]+):)?(?P<parameter>[^>]+)>", replace, route)


_GROUP = re.compile(r"\((?:\?P<\w+>)?([^()]*)\)")


def _sample_regex(regex):
    """A concrete string for the simple regexes Django and Wagtail use in re_path."""
    text = regex.lstrip("^").rstrip("$").replace("\\Z", "")

    def group(match):
        body = match.group(1)
        if "|" in body:
            body = body.split("|")[0]
        if re.fullmatch(r"\[?\\d\]?[+*]?|\[0-9\][+*]?", body) or "\\d" in body:
            return "1"
        if body.endswith("?"):
            return ""
        return "voorbeeld"

    previous = None
    while previous != text:
        previous = text
        text = _GROUP.sub(group, text)
    text = re.sub(r"\[[^\]]*\][+*?]?", "x", text)
    text = text.replace("\\", "").replace("?", "").replace("+", "").replace("*", "")
    return text


def _sample(pattern):
    if isinstance(pattern, RoutePattern):
        return _sample_route(str(pattern._route), pattern.converters)
    return _sample_regex(pattern.regex.pattern)


def _resolvable(path):
    """Repeated groups like Wagtail's ``((?:[\\w\\-]+/)*)`` sample without their slash."""
    from django.urls import Resolver404, resolve

    for candidate in (path, path + "/"):
        try:
            resolve(candidate)
        except Resolver404:
            continue
        return candidate
    return path


def iter_url_patterns(resolver=None, prefix="", namespace=None):
    """Yield ``(path, view_name, pattern)`` for every URL pattern, nested includes too."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        piece = _sample(entry.pattern)
        if isinstance(entry, URLResolver):
            ns = entry.namespace
            full_ns = ":".join(filter(None, [namespace, ns])) or None
            yield from iter_url_patterns(entry, prefix + piece, full_ns)
        elif isinstance(entry, URLPattern):
            name = entry.name
            view_name = ":".join(filter(None, [namespace, name])) if name else None
            yield _resolvable("/" + (prefix + piece).lstrip("/")), view_name, entry
