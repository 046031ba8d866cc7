from django.urls import path

from federatie import link_views, logout_views, saml_views, views

app_name = "federatie"

urlpatterns = [
    path("", views.choose_view, name="choose"),
    path("terug/", views.callback_view, name="callback"),
    path("<int:organisation_id>/", views.start_view, name="start"),
    path("saml/metadata/", saml_views.metadata_view, name="saml_metadata"),
    path("saml/acs/", saml_views.acs_view, name="saml_acs"),
    path("saml/sls/", logout_views.sls_view, name="saml_sls"),
    path("saml/<int:organisation_id>/", saml_views.start_view, name="saml_start"),
    path("koppelen/", link_views.link_view, name="link"),
    path(
        "koppelen/<str:protocol>/<int:organisation_id>/",
        link_views.link_start_view,
        name="link_start",
    ),
    path("uitgelogd/", logout_views.logged_out_view, name="logged_out"),
    path("uitgelogd/school/", logout_views.idp_logout_view, name="idp_logout"),
    path("uitgelogd/klaar/", logout_views.logged_out_done_view, name="logged_out_done"),
]
