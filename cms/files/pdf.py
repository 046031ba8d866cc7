"""The one PDF writer of the portal: HTML and CSS to PDF with WeasyPrint.

Handleidingen (generated when a page is published), the loket's formal documents
(besluit, ontvangstbevestiging), the AVG export's index and the demo's attachments
all come from here:

    render_pdf("pdf/handleiding.html", {"page": page})  -> bytes
    html_to_pdf("<h1>Besluit</h1>…")                      -> bytes

Every PDF is tagged PDF/UA-1 (``PDF_VARIANT``): a screen reader reads the structure
(headings, lists, tables, the alternative text of images), the catalog declares the
language from ``<html lang="nl">`` and the title from ``<title>`` (shown instead of
the file name), and the headings become bookmarks (``bookmark-level`` in
``pdf/_style.html``; ``h1`` is level 1 by default). Accessible documents are required
of a public body as much as accessible pages.

Rendering never touches the network. The URL fetcher (``StorageFetcher``) accepts
``data:`` URIs and the site's own media files, which it opens from Django's storage
by their URL path (the images of a handleiding: ``/media/images/…``); anything else,
http(s) elsewhere or a local ``file:`` path, is refused and left out (WeasyPrint
logs and continues). Put CSS in the template's ``<style>`` (PDF templates are not
served to browsers, so the site's CSP does not apply). The system libraries
WeasyPrint needs (Pango, fonts) are installed by ``.ci/setup-system``.

Output is deterministic for the same input: no creation date is written, and the
document identifier is derived from the content, so the demo's files do not
change between runs.
"""

import hashlib
import mimetypes
import posixpath
from urllib.parse import unquote, urljoin, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils.html import escape

PDF_VARIANT = "pdf/ua-1"
# Relative URLs in a template (``/media/images/x.png``) resolve against this made-up
# origin; only the fetcher below knows it, and it reads such files from the storage.
BASE_URL = "https://swv-portaal.invalid/"


def _media_prefixes():
    """The URL prefixes under which the default storage's files appear."""
    prefixes = [urljoin(BASE_URL, settings.MEDIA_URL)]
    if urlsplit(settings.MEDIA_URL).scheme:
        prefixes.append(settings.MEDIA_URL)
    return prefixes


def storage_name(url):
    """The storage name of a media URL (``…/media/images/a.png`` -> ``images/a.png``),
    or None for any URL that is not one of the site's own media images."""
    for prefix in _media_prefixes():
        if url.startswith(prefix):
            name = unquote(urlsplit(url[len(prefix) :]).path)
            break
    else:
        return None
    normal = posixpath.normpath(name)
    if normal != name or normal.startswith(("/", "..")):
        return None
    kind = mimetypes.guess_type(name)[0] or ""
    return name if kind.startswith("image/") else None


def _fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StorageFetcher(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)
            name = storage_name(url)
            if name is None:
                raise ValueError(f"Niet toegestaan in een PDF: {url[:80]}")
            with default_storage.open(name, "rb") as stored:
                body = stored.read()
            kind = mimetypes.guess_type(name)[0]
            return URLFetcherResponse(url, body, {"Content-Type": kind})

    return StorageFetcher(allowed_protocols=frozenset({"data"}), allow_redirects=False, timeout=1)


def html_to_pdf(html, base_url=None):
    """Tagged PDF/UA bytes for an HTML document (with its CSS inline)."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=base_url or BASE_URL, url_fetcher=_fetcher())
    return document.write_pdf(
        pdf_identifier=identifier, pdf_variant=PDF_VARIANT, uncompressed_pdf=False
    )


def render_pdf(template_name, context=None, base_url=None):
    """PDF bytes for a Django template rendered with ``context``."""
    return html_to_pdf(render_to_string(template_name, context or {}), base_url=base_url)


def simple_pdf(title, lines=()):
    """A small PDF with a title and a few lines (demo attachments, tests), same writer."""
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return render_pdf("pdf/simple.html", {"title": title, "body_html": body})
