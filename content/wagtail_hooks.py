"""Keep unpublished documents private (see ``content.documents``)."""

from django.shortcuts import render
from wagtail import hooks

from .documents import may_download


@hooks.register("before_serve_document")
def refuse_private_documents(document, request):
    if not may_download(request.user, document):
        # 404 rather than 403: do not confirm that a private document exists.
        return render(request, "404.html", status=404)
    return None
