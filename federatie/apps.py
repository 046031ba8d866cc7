from django.apps import AppConfig


class FederatieConfig(AppConfig):
    """Logging in with the school's own account (OpenID Connect or SAML), per organisation."""

    name = "federatie"
    verbose_name = "Inloggen met schoolaccount"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        import logging

        from . import saml_keys, signals  # noqa: F401 (the system check, the logout hook)

        # pysaml2 logs assertions, NameIDs and attributes at INFO and DEBUG; what a SAML
        # login came to is in LoginEvent, without them. (After LOGGING: this sticks.)
        logging.getLogger("saml2").setLevel(logging.ERROR)
