from django.urls import path

from .search import search_view

app_name = "kennisbank"

urlpatterns = [path("", search_view, name="search")]
