"""Mijn loket URLs, included at ``/loket/`` before Wagtail's catch-all.

Not defined here, on purpose: ``/loket/concepten/...`` (the form engine's drafts)
and ``/loket/aanvragen/nieuw/...`` (form pages in the page tree).
"""

from django.urls import path, register_converter

from loket.converters import ReferenceConverter
from loket.dossiers import inactief_views
from loket.dossiers import views as dossier_views
from loket.instemming import ondertekening_views
from loket.instemming import views as instemming_views
from loket.leerlingen import pupil_views, year_views
from loket.leerlingen import views as leerlingen
from loket.school import bezwaar_views, document_views, evaluatie_views, plan_views, views

register_converter(ReferenceConverter, "reference")

app_name = "loket"

urlpatterns = [
    path("", views.index, name="index"),
    path("aanvragen/<reference:reference>/", views.aanvraag_detail, name="aanvraag"),
    path("aanvragen/<reference:reference>/aanvulling/", views.aanvulling, name="aanvulling"),
    path("aanvragen/<reference:reference>/intrekken/", views.intrekken, name="intrekken"),
    path("aanvragen/<reference:reference>/besluit/", views.besluit_document, name="besluit"),
    path("aanvragen/<reference:reference>/verlengt/", views.verlengt, name="verlenging_koppelen"),
    path(
        "aanvragen/<reference:reference>/documenten/<slug:kind>/",
        document_views.formeel_document,
        name="document",
    ),
    path(
        "aanvragen/<reference:reference>/documenten/nr/<int:document_pk>/",
        bezwaar_views.document,
        name="document_nr",
    ),
    path("aanvragen/<reference:reference>/bezwaar/", bezwaar_views.bezwaar, name="bezwaar"),
    path(
        "aanvragen/<reference:reference>/bezwaar/<int:bezwaar_pk>/intrekken/",
        views.bezwaar_intrekken,
        name="bezwaar_intrekken",
    ),
    path(
        "aanvragen/<reference:reference>/evaluaties/<int:moment_pk>/",
        evaluatie_views.invullen,
        name="evaluatie",
    ),
    path("aanvragen/<reference:reference>/bijlagen/<int:pk>/", views.download, name="bijlage"),
    path(
        "aanvragen/<reference:reference>/instemming/",
        instemming_views.registreren,
        name="instemming",
    ),
    path(
        "aanvragen/<reference:reference>/instemming/<int:pk>/intrekken/",
        instemming_views.intrekken,
        name="instemming_intrekken",
    ),
    path(
        "aanvragen/<reference:reference>/instemming/<int:pk>/versie/",
        instemming_views.versie_view,
        name="instemming_versie",
    ),
    path(
        "aanvragen/<reference:reference>/ondertekening/<int:ondertekening_pk>/intrekken/",
        ondertekening_views.intrekken,
        name="ondertekening_intrekken",
    ),
    path(
        "aanvragen/<reference:reference>/ondertekening/<int:ondertekening_pk>/opnieuw/",
        ondertekening_views.opnieuw,
        name="ondertekening_opnieuw",
    ),
    path("leerlingen/", leerlingen.register, name="leerlingen"),
    path("leerlingen/importeren/", leerlingen.import_view, name="leerlingen_importeren"),
    path(
        "leerlingen/importeren/bevestigen/", leerlingen.confirm_view, name="leerlingen_bevestigen"
    ),
    path("leerlingen/schooljaarovergang/", year_views.overgang, name="schooljaarovergang"),
    path("leerlingen/<int:pk>/thuiszitten/", year_views.thuiszitten_view, name="thuiszitten"),
    path(
        "leerlingen/<int:pk>/thuiszitten/<int:periode_pk>/einde/",
        year_views.thuiszitten_einde,
        name="thuiszitten_einde",
    ),
    path("leerlingen/<int:pk>/corrigeren/", pupil_views.corrigeren, name="leerling_corrigeren"),
    path("leerlingen/<int:pk>/samenvoegen/", pupil_views.samenvoegen, name="leerling_samenvoegen"),
    path("dossiers/zonder-activiteit/", inactief_views.school_list, name="dossiers_inactief"),
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier"),
    path("dossiers/<int:pk>/archiveren/", dossier_views.archiveren, name="archiveren"),
    path("dossiers/<int:pk>/plan/", plan_views.plan, name="plan"),
    path("dossiers/<int:pk>/plan/instemming/", plan_views.plan_instemming, name="plan_instemming"),
    path(
        "dossiers/<int:pk>/plan/instemming/<int:instemming_pk>/intrekken/",
        plan_views.plan_instemming_intrekken,
        name="plan_instemming_intrekken",
    ),
    path(
        "dossiers/<int:pk>/plan/instemming/<int:instemming_pk>/versie/",
        plan_views.plan_instemming_versie,
        name="plan_instemming_versie",
    ),
    path("dossiers/<int:pk>/overdracht/", dossier_views.overdracht, name="overdracht"),
    path(
        "overdrachten/<int:overdracht_pk>/",
        dossier_views.overdracht_accepteren,
        name="overdracht_accepteren",
    ),
    path("dossiers/<int:pk>/inzage/nieuw/", views.inzage_verlenen, name="inzage_verlenen"),
    path(
        "dossiers/<int:pk>/inzage/<int:grant_pk>/intrekken/",
        views.inzage_intrekken,
        name="inzage_intrekken",
    ),
]
