from django.urls import path

from .popularity import view_beacon
from .search import search_view

app_name = "kennisbank"

urlpatterns = [
    path("", search_view, name="search"),
    path("gelezen/<int:page_id>/", view_beacon, name="view_beacon"),
]
