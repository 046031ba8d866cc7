from django.apps import AppConfig


class PermissionsConfig(AppConfig):
    name = "permissions"
    verbose_name = "Rechten en inzage"

    def ready(self):
        from . import receivers  # noqa: F401  (membership hook → inzage groups)
