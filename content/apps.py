from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "content"
    verbose_name = "Inhoud"

    def ready(self):
        # A handleiding's PDF is made from its content each time it is published.
        from wagtail.signals import page_published

        from cms.caching.pages import purge_on_change

        from .handleiding_pdf import on_page_published
        from .handleidingen import HandleidingPage, HandleidingPdf

        page_published.connect(
            on_page_published, sender=HandleidingPage, dispatch_uid="content_handleiding_pdf"
        )
        # The PDF is made after the publish (a task): the manual's page then gains its
        # download link, so pages kept from before must go.
        purge_on_change(HandleidingPdf)
