"""``/inzage/`` for externen, included in ``cms/urls.py`` before Wagtail's catch-all."""

from django.urls import path

from loket.inzage import views as inzage_views

app_name = "inzage"

urlpatterns = [
    path("", inzage_views.index, name="index"),
    path("dossiers/<int:pk>/", inzage_views.dossier, name="dossier"),
]
