from django.urls import path

from accounts import views
from accounts.activation import views as activation_views

app_name = "accounts"

urlpatterns = [
    path("inloggen/", views.LoginView.as_view(), name="login"),
    path("uitloggen/", views.logout_view, name="logout"),
    path("tweestaps/", views.two_factor_view, name="two_factor"),
    path("activeren/app/", activation_views.activate_app_view, name="activate_app"),
    path("activeren/nieuwe-link/", activation_views.resend_view, name="activation_resend"),
    path("activeren/<str:token>/", activation_views.activate_view, name="activate"),
    path("tweestaps/beheer/", views.manage_view, name="manage"),
    path("tweestaps/vervangen/", views.replace_device_view, name="replace_device"),
    path("wachtwoord-vergeten/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "wachtwoord-vergeten/verstuurd/",
        views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "wachtwoord-instellen/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "wachtwoord-instellen/klaar/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
