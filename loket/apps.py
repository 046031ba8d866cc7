"""The loket app: wires its packages into the form engine, the grants and retention."""

from django.apps import AppConfig


class LoketConfig(AppConfig):
    name = "loket"
    verbose_name = "Loket"

    def ready(self):
        # Hand-offs, who fills in, the pupil field and the field roles (forms engine).
        from loket.lifecycle.form_setup import register

        register()

        # Grants, revocations and expiries of inzage go into the dossier's logboek.
        from loket.inzage.grant_log import log_grant_change
        from permissions.signals import grant_changed

        grant_changed.connect(log_grant_change, dispatch_uid="loket_log_grant_change")

        # What the inbox keeps (filter drawer, settings) is kept per generation.
        from loket.staff import kept

        kept.connect_signals()

        # The kinds of record in retention (``loket.models.bewaren.rules``), so the
        # Bewaartermijn admin and its validation know them from the first request.
        import loket.privacy.retention.overig  # noqa: F401
        import loket.privacy.retention.rules  # noqa: F401

        # Staff see the last logboek chain check in /health/ (cms knows no loket).
        from cms.operations.health import reports
        from loket.privacy.logboek_keten import health_details

        if "logboek" not in reports:
            reports.register("logboek", health_details)

        # A restore of an older backup removes again what was purged since
        # (the purge journal; cms knows no loket).
        from cms.operations.backup.hooks import RestoreHook, restore_hooks
        from loket.privacy.retention import journal

        if "loket_purges" not in restore_hooks:
            restore_hooks.register("loket_purges", RestoreHook(journal.before, journal.after))
