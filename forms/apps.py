from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    label = "forms"
    verbose_name = "Formulieren"

    def ready(self):
        # The engine's own field types; other apps register theirs in their ready().
        from .builtin_fields import register_builtin_field_types

        register_builtin_field_types()
