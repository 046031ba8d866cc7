"""What every snippet viewset of the portal that holds personal data shares.

Wagtail gives each registered snippet a chooser (``/admin/snippets/choose/<app>/<model>/``)
and opens it to every user with admin access, whatever their permissions on the model:
a consulent could list newsletter subscribers' addresses there. Nothing in the portal
picks these models, so their viewsets register no chooser at all;
``tests/permissions/test_snippet_choosers.py`` checks that no model in the
verwerkingsregister has one.
"""


class WithoutChooser:
    """Mixin for a ``SnippetViewSet``: no chooser views for this model."""

    def register_chooser_viewset(self):
        pass
