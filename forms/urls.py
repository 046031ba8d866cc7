"""URLs of the form engine outside the page tree: "Mijn concepten"."""

from django.urls import path

from . import views

app_name = "forms"

urlpatterns = [
    path("", views.drafts_view, name="drafts"),
    path("<int:pk>/verwijderen/", views.draft_delete_view, name="draft_delete"),
]
