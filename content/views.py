"""The document URL (``/documenten/<id>/<name>``) in front of Wagtail's own serve view.

Wagtail's view cannot answer range requests, and its ``before_serve_document`` hook
only takes a plain ``HttpResponse``, not a streamed one: a video read into memory
whole for each request would not do. So videos and PDFs are served here, after exactly the
checks Wagtail runs (every ``before_serve_document`` hook: ``content.documents`` for
unpublished documents, Wagtail's collection view restrictions), and every other
document goes on to Wagtail's view unchanged. The URL and its name stay Wagtail's, so
``document.url`` leads here.
"""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from wagtail import hooks
from wagtail.documents import get_document_model
from wagtail.documents.views.serve import serve as wagtail_serve

from .documents import ranged_type, serve_ranged


def serve_document(request, document_id, document_filename):
    document = get_object_or_404(get_document_model(), id=document_id)
    if document.filename != document_filename or not ranged_type(document):
        return wagtail_serve(request, document_id, document_filename)
    for check in hooks.get_hooks("before_serve_document"):
        refused = check(document, request)
        if isinstance(refused, HttpResponse):
            return refused
    return serve_ranged(request, document)
