"""Who may download a document from the Wagtail document library.

The library holds drafts, internal notes and manuals side by side, so a document
is private unless it is published:

- it belongs to a live manual (a document, the video, its captions or the generated
  PDF of a ``HandleidingPage``), or
- it is used by another live page (Wagtail's reference index: a document block in
  a kennisbank article, a document link in rich text), or
- it sits in the "Openbaar" collection, for files published on their own.

A private document is readable only by the roles that manage it: a user with
``change`` permission on the document's collection (Wagtail's collection
permissions; redacteuren on the whole library, formulierbeheerders on the
"Formulieren" collection only). Choosing a document for a page is not enough.

Videos and PDFs are served with HTTP range requests (``serve_ranged``), after the same check:
a player asks for parts of the file to start quickly and to seek.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from wagtail.documents.models import document_served
from wagtail.models import Collection, Page, ReferenceIndex

from cms.files.ranges import ranged_response

from .handleidingen import HandleidingDocument, HandleidingPage, HandleidingPdf

PUBLIC_COLLECTION_NAME = "Openbaar"
VIDEO_TYPES = {".mp4": "video/mp4", ".webm": "video/webm"}
# What is served with range requests: the videos, and PDFs, which a browser's PDF
# viewer (and a download manager resuming a broken download) reads in parts.
RANGED_TYPES = {**VIDEO_TYPES, ".pdf": "application/pdf"}


def public_collection():
    """The collection whose documents are public, created under the root when missing."""
    collection = Collection.objects.filter(name=PUBLIC_COLLECTION_NAME, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=PUBLIC_COLLECTION_NAME)
    return collection


def _in_public_collection(document):
    public = Collection.objects.filter(name=PUBLIC_COLLECTION_NAME, depth=2).first()
    if public is None:
        return False
    return document.collection.path.startswith(public.path)


def _used_by_live_manual(document):
    live_manuals = HandleidingPage.objects.live()
    return (
        HandleidingDocument.objects.filter(document=document, page__in=live_manuals).exists()
        or live_manuals.filter(Q(video_file=document) | Q(captions_file=document)).exists()
        or HandleidingPdf.objects.filter(document=document, page__in=live_manuals).exists()
    )


def _used_by_live_page(document):
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(Q(base_content_type=page_type))
        .values_list("object_id", flat=True)
    )
    return Page.objects.live().filter(id__in=[int(pk) for pk in page_ids]).exists()


def is_public_document(document):
    return (
        _used_by_live_manual(document)
        or _in_public_collection(document)
        or _used_by_live_page(document)
    )


def may_download(user, document):
    if is_public_document(document):
        return True
    from wagtail.permissions import policy_registry

    policy = policy_registry.get_by_type(type(document))
    return bool(
        user.is_authenticated and policy.user_has_permission_for_instance(user, "change", document)
    )


def ranged_type(document):
    """The MIME type of a video (what a manual accepts, ``HandleidingPage.clean``) or a
    PDF by its extension, or None for any other document."""
    name = document.filename.lower()
    return next((kind for ext, kind in RANGED_TYPES.items() if name.endswith(ext)), None)


def serve_ranged(request, document):
    """A video or PDF the visitor may download (``may_download`` was asked first), with
    range requests (``cms.files.ranges``) and the headers Wagtail's own serve view sets."""
    document_served.send(sender=type(document), instance=document, request=request)
    response = ranged_response(
        request,
        lambda: document.file.open("rb"),
        document.file.size,
        ranged_type(document),
        etag=document.file_hash or None,
    )
    if response.status_code in (200, 206):
        response["Content-Disposition"] = document.content_disposition
    if getattr(settings, "WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT", True):
        response["Content-Security-Policy"] = "default-src 'none'"
    response["X-Content-Type-Options"] = "nosniff"
    return response
