from django.urls import path

from federatie import views

app_name = "federatie"

urlpatterns = [
    path("", views.choose_view, name="choose"),
    path("terug/", views.callback_view, name="callback"),
    path("<int:organisation_id>/", views.start_view, name="start"),
]
