from django.apps import AppConfig


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = "Loket"

    def ready(self):
        # The form engine hands every finished submission to the loket.
        from forms.handoff import register_result_describer, register_submission_handler

        from .intake import create_aanvraag_from_submission, describe_submission_result

        register_submission_handler(create_aanvraag_from_submission)
        register_result_describer(describe_submission_result)

        # Grants, revocations and expiries of inzage go into the dossier's logboek.
        from permissions.signals import grant_changed

        from .inzage import log_grant_change

        grant_changed.connect(log_grant_change, dispatch_uid="loket_log_grant_change")
