"""The parent's instemming pages, at ``/instemming/``: public, token + code, rate limited."""

from django.urls import path

from loket.instemming import views

app_name = "instemming"

urlpatterns = [
    path("<str:token>/", views.open_link, name="open"),
    path("<str:token>/code/", views.code, name="code"),
    path("<str:token>/antwoord/", views.antwoord, name="antwoord"),
    path("<str:token>/bijlagen/<int:pk>/", views.bijlage, name="bijlage"),
]
