from django.apps import AppConfig


class KennisbankConfig(AppConfig):
    name = "kennisbank"
    verbose_name = "Kennisbank"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.signals import page_published, page_unpublished

        from cms.cache import purge_on_change

        from .suggest import forget_vocabulary
        from .synonyms import SynonymGroup

        # "Bedoelde je …?" works from the published words; a (un)publish changes them.
        page_published.connect(forget_vocabulary, dispatch_uid="kennisbank_vocabulary_pub")
        page_unpublished.connect(forget_vocabulary, dispatch_uid="kennisbank_vocabulary_unpub")
        # Result lists, synonyms and promotions are kept per page-cache generation
        # (kennisbank.search): an editor's change to either must show at once.
        purge_on_change(SynonymGroup, SearchPromotion)
