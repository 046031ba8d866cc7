from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts import views as account_views
from cms.operations.health import health
from cms.views import theme_stylesheet

urlpatterns = [
    path("health/", health, name="health"),
    path("thema.css", theme_stylesheet, name="theme_css"),
    path("account/schoolaccount/", include("federatie.urls")),
    path("account/", include("accounts.urls")),
    # One login for everybody: Wagtail's own login page would skip nothing
    # (the middleware still asks the second factor) but would confuse people.
    path(
        "admin/login/",
        RedirectView.as_view(pattern_name="accounts:login", query_string=True),
        name="admin_login_redirect",
    ),
    # Logging out of the admin is our logout: GET only asks, POST ends the session
    # on the server (Wagtail's own view deleted the cookie on a refused GET).
    path("admin/logout/", account_views.logout_view, name="admin_logout"),
    path("admin/", include(wagtailadmin_urls)),
    # Videos with range requests, after Wagtail's own checks; other documents go on
    # to Wagtail's serve view (content.views).
    path("documenten/", include("content.urls")),
    path("documenten/", include(wagtaildocs_urls)),
    path("zoeken/", include("kennisbank.urls")),
    # The form engine's drafts first: /loket/concepten/ must not reach the loket's patterns.
    path("loket/concepten/", include("forms.urls")),
    path("loket/", include("loket.school.urls")),
    path("nieuwsbrieven/", include("content.nieuwsbrieven.urls")),
    path("inzage/", include("loket.inzage.urls")),
    # Public: parents and pupils of 16+ have no account (link + e-mailed code).
    path("instemming/", include("loket.instemming.urls")),
    path("ondertekenen/", include("loket.instemming.ondertekening_urls")),
]

if settings.DEBUG or getattr(settings, "SERVE_MEDIA_IMAGES", False):
    from django.urls import re_path
    from django.views.static import serve

    # Only images are served straight from MEDIA_ROOT in development and the demo
    # (also with DEBUG off); documents always go through Wagtail's serve view,
    # which checks whether they are public.
    urlpatterns += [
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}{folder}/(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT / folder},
        )
        for folder in ("images", "original_images")
    ]

urlpatterns += [path("", include(wagtail_urls))]

handler400 = "cms.views.bad_request"
handler403 = "cms.views.permission_denied"
handler404 = "cms.views.page_not_found"
handler500 = "cms.views.server_error"
