"""Downloads of the formal documents of an aanvraag (besluit, ontvangstbevestiging).

Whoever may see the aanvraag may download them: the school, the SWV per
``permissions.policy``, and an externe with a valid inzage grant on the dossier;
everyone else gets a 404. The answer is always the archived file, never a new
rendering (``loket.lifecycle.documenten``). A PDF viewer may read it in parts: the
archived file is served with range requests (``cms.files.ranges``), after the checks.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_GET

from cms.files.ranges import sends_bytes, serve_private_file
from loket import beperking, logboek
from loket.lifecycle import documenten
from loket.lookups import aanvraag_for
from loket.models import FormeelDocument, LogEntry


@login_required
@require_GET
def formeel_document(request, reference, kind):
    if kind not in FormeelDocument.Kind.values:
        raise Http404
    aanvraag = aanvraag_for(request, reference, with_grants=True)
    if not documenten.can_have(aanvraag, kind):
        raise Http404
    refused = beperking.refused_download(request, aanvraag.dossier)  # AVG art. 18
    if refused is not None:
        return refused
    document = documenten.archived_document(aanvraag, kind, request.user)
    response = serve_formal_pdf(request, document)
    if not sends_bytes(response):
        return response
    if kind == FormeelDocument.Kind.BESLUIT:
        logboek.log(LogEntry.Action.BESLUITDOCUMENT, request.user, aanvraag=aanvraag, detail="pdf")
    else:
        logboek.log(LogEntry.Action.DOWNLOAD, request.user, aanvraag=aanvraag, detail=kind)
    return response


def serve_formal_pdf(request, document):
    """A ``FormeelDocument`` as stored, with range requests; the caller checked access
    and logs the download when ``sends_bytes``."""
    return serve_private_file(
        request,
        document.file,
        content_type="application/pdf",
        filename=document.download_name,
        etag=document.sha256,
    )
