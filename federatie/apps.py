from django.apps import AppConfig


class FederatieConfig(AppConfig):
    """Logging in with the school's own account (OpenID Connect), per organisation."""

    name = "federatie"
    verbose_name = "Inloggen met schoolaccount"
    default_auto_field = "django.db.models.BigAutoField"
