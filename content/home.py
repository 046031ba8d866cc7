"""What other apps add to the home page: a keyed registry of context providers.

The home page shows popular kennisbank articles beside the search, but ``content``
must not import ``kennisbank`` (which builds on ``content``'s blocks and pages).
So the kennisbank registers a provider here in its ``AppConfig.ready``:

    home_context.register("popular_articles", popular_articles)

Each provider takes no arguments and returns the value the home page template
reads under its key. Providers are called on every uncached render of the home
page, so they should keep their own result (``cms.caching.pages.remember``).
"""

from accounts.registry import Registry

home_context = Registry("content.home.home_context")


def extra_context():
    """Every registered provider's value under its key."""
    return {key: provider() for key, provider in home_context.items()}
