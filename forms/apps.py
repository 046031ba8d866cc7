from django.apps import AppConfig


class FormsConfig(AppConfig):
    name = "forms"
    label = "forms"
    verbose_name = "Formulieren"

    def ready(self):
        # The engine's own field types; other apps register theirs in their ready().
        from .builtin_fields import register_builtin_field_types

        register_builtin_field_types()
        # What a form page serves (``forms.models.page_views``: the models import no view).
        from .filling.wizard import wizard_view
        from .models import page_views
        from .views import confirmation_view, preview_view

        page_views.register("wizard", wizard_view)
        page_views.register("confirmation", confirmation_view)
        page_views.register("preview", preview_view)
