from django.apps import AppConfig


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = "Loket"

    def ready(self):
        # Hand-offs, who fills in, the pupil field and the field roles (forms engine).
        from .form_setup import register

        register()

        # Grants, revocations and expiries of inzage go into the dossier's logboek.
        from permissions.signals import grant_changed

        from .inzage import log_grant_change

        grant_changed.connect(log_grant_change, dispatch_uid="loket_log_grant_change")
