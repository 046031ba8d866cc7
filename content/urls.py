"""``/documenten/<id>/<name>``: included before Wagtail's document URLs (``cms.urls``),
under Wagtail's own URL name, so ``document.url`` leads to ``content.views``."""

from django.urls import path

from .views import serve_document

urlpatterns = [
    path("<int:document_id>/<str:document_filename>", serve_document, name="wagtaildocs_serve"),
]
