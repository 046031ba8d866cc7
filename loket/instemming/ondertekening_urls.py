"""The mede-ondertekenaar's pages, at ``/ondertekenen/``: public, token + code, rate limited."""

from django.urls import path

from loket.instemming import ondertekening_views as views

app_name = "ondertekenen"

urlpatterns = [
    path("<str:token>/", views.open_link, name="open"),
    path("<str:token>/code/", views.code, name="code"),
    path("<str:token>/tekenen/", views.tekenen, name="tekenen"),
]
