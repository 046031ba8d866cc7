"""The one PDF writer of the portal: HTML and CSS to PDF with WeasyPrint.

Handleidingen (generated when a page is published), the loket's formal documents
(besluit, ontvangstbevestiging) and the demo's attachments all come from here:

    render_pdf("pdf/handleiding.html", {"page": page})  -> bytes
    html_to_pdf("<h1>Besluit</h1>…")                      -> bytes

Rendering never touches the network: the URL fetcher accepts only ``data:`` URIs,
so a stylesheet or image link to http(s) or to a local file is refused and left
out (WeasyPrint logs and continues). Put CSS in the template's ``<style>`` (PDF
templates are not served to browsers, so the site's CSP does not apply) and
embed images as data URIs. The system libraries WeasyPrint needs (Pango, fonts)
are installed by ``.ci/setup-system``.

Output is deterministic for the same input: no creation date is written, and the
document identifier is derived from the content, so the demo's files do not
change between runs.
"""

import hashlib

from django.template.loader import render_to_string
from django.utils.html import escape

ALLOWED_PROTOCOLS = frozenset({"data"})


def _fetcher():
    from weasyprint.urls import URLFetcher

    return URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False, timeout=1)


def html_to_pdf(html, base_url=None):
    """PDF bytes for an HTML document (with its CSS inline)."""
    from weasyprint import HTML

    identifier = hashlib.sha256(html.encode()).hexdigest()[:32].encode()
    document = HTML(string=html, base_url=base_url, url_fetcher=_fetcher())
    return document.write_pdf(pdf_identifier=identifier, uncompressed_pdf=False)


def render_pdf(template_name, context=None, base_url=None):
    """PDF bytes for a Django template rendered with ``context``."""
    return html_to_pdf(render_to_string(template_name, context or {}), base_url=base_url)


def simple_pdf(title, lines=()):
    """A small PDF with a title and a few lines (demo attachments, tests), same writer."""
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return render_pdf("pdf/simple.html", {"title": title, "body_html": body})
