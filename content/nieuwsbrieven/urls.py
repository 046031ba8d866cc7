"""Public subscription URLs under /nieuwsbrieven/ (the archive itself is a Wagtail page)."""

from django.urls import path

from . import views as views

app_name = "newsletter"

urlpatterns = [
    path("aanmelden/", views.subscribe, name="subscribe"),
    path("aanmelden/verstuurd/", views.subscribe_done, name="subscribe_done"),
    path("bevestigen/<str:token>/", views.confirm, name="confirm"),
    path("afmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("beheren/<str:token>/", views.manage, name="manage"),
]
