from django.urls import path

from kennisbank.search.clicks import result_click
from kennisbank.search.views import search_view

from .feedback import vote_view
from .popularity import view_beacon

app_name = "kennisbank"

urlpatterns = [
    path("", search_view, name="search"),
    path("gelezen/<int:page_id>/", view_beacon, name="view_beacon"),
    path("klik/<int:query_id>/<int:page_id>/", result_click, name="result_click"),
    path("nuttig/<int:page_id>/", vote_view, name="vote"),
]
