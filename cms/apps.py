from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Site"

    def ready(self):
        from cms.caching.pages import connect_signals

        connect_signals()
        # After accounts collected every app's roles module (it comes first in
        # INSTALLED_APPS), so the section types are known.
        from . import signals

        signals.connect()
        # Search indexing of a published page does not wait for the task worker.
        from cms.operations import worker

        worker.connect()
