from django.apps import AppConfig


class FederatieConfig(AppConfig):
    """Logging in with the school's own account (OpenID Connect or SAML), per organisation."""

    name = "federatie"
    verbose_name = "Inloggen met schoolaccount"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import saml_keys, signals  # noqa: F401 (the system check, the logout hook)
