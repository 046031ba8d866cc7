from django.apps import AppConfig


class KennisbankConfig(AppConfig):
    name = "kennisbank"
    verbose_name = "Kennisbank"

    def ready(self):
        from wagtail.signals import page_published, page_unpublished

        from .suggest import forget_vocabulary

        # "Bedoelde je …?" works from the published words; a (un)publish changes them.
        page_published.connect(forget_vocabulary, dispatch_uid="kennisbank_vocabulary_pub")
        page_unpublished.connect(forget_vocabulary, dispatch_uid="kennisbank_vocabulary_unpub")
