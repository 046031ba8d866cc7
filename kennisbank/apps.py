from django.apps import AppConfig


class KennisbankConfig(AppConfig):
    name = "kennisbank"
    verbose_name = "Kennisbank"

    def ready(self):
        from wagtail.contrib.search_promotions.models import SearchPromotion
        from wagtail.signals import page_published, page_unpublished

        from cms.caching.pages import purge_on_change
        from content.home import home_context
        from kennisbank.search.suggest import forget_vocabulary
        from kennisbank.search.synonyms import SynonymGroup

        from .popularity import popular_articles

        # "Bedoelde je …?" works from the published words; a (un)publish changes them.
        page_published.connect(forget_vocabulary, dispatch_uid="kennisbank_vocabulary_pub")
        page_unpublished.connect(forget_vocabulary, dispatch_uid="kennisbank_vocabulary_unpub")
        # Result lists, synonyms and promotions are kept per page-cache generation
        # (kennisbank.search.views): an editor's change to either must show at once.
        purge_on_change(SynonymGroup, SearchPromotion)
        # The home page shows the popular articles beside the search (a hook: content
        # does not import the kennisbank).
        home_context.register("popular_articles", popular_articles)
        # A search served from the page cache is counted too (imported here, not in a view
        # module: a cache hit resolves no URL, so the views may never have been imported).
        from cms.caching.pages import hit_actions
        from kennisbank.search.views import SEARCH_NOTE, count_cached_search

        hit_actions.register(SEARCH_NOTE, count_cached_search)
        # The index page's search route (``kennisbank.models.index_views``: no view import).
        from kennisbank.models import index_views
        from kennisbank.search.views import render_search

        index_views.register("search", render_search)
