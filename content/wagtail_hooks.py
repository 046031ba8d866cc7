"""Wagtail admin for the content app: the newsletter menu, snippets and send buttons.

One "Nieuwsbrieven" menu holds the lists (snippet), the subscribers (snippet,
beheerder only), the sends with their figures and the import. Each item is
shown only to users with the matching permission (granted in ``content.roles``).
Documents that are not published stay private (see ``content.documents``).
"""

from django.shortcuts import render
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets.button import Button
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.snippets import WithoutChooser

from .documents import may_download
from .nieuwsbrieven import admin as newsletter_admin
from .nieuwsbrieven.bounces import with_subscriber_figures
from .nieuwsbrieven.models import NewsletterList, NewsletterPage, Subscriber


class NewsletterListViewSet(SnippetViewSet):
    model = NewsletterList
    icon = "list-ul"
    menu_label = _("Verzendlijsten")
    add_to_admin_menu = False
    list_display = ["name", "description", "is_public", "sort_order"]
    panels = [
        FieldPanel("name"),
        FieldPanel("description"),
        FieldPanel("is_public"),
        FieldPanel("sort_order"),
    ]


class SubscriberViewSet(WithoutChooser, SnippetViewSet):
    """Subscribers with their bounces (counted in the listing's one query) and whether
    they are suppressed (``content.nieuwsbrieven.bounces``)."""

    model = Subscriber
    icon = "user"
    menu_label = _("Abonnees")
    add_to_admin_menu = False
    list_display = [
        "email",
        "name",
        "created_at",
        Column("n_hard_bounces", label=_("Bounces hard")),
        Column("n_soft_bounces", label=_("Bounces zacht")),
        Column(
            "suppressed_reason", accessor="get_suppressed_reason_display", label=_("Geblokkeerd")
        ),
    ]
    list_filter = {"suppressed_reason": ["exact"]}
    search_fields = ["email", "name"]
    inspect_view_enabled = True
    inspect_view_fields = [
        "email",
        "name",
        "created_at",
        "confirmation_sent_at",
        "suppressed_at",
        "suppressed_reason",
        "subscriptions",
        "consent_records",
        "bounces",
    ]
    panels = [FieldPanel("email"), FieldPanel("name")]

    def get_queryset(self, request):
        return with_subscriber_figures(Subscriber.objects.all())


register_snippet(NewsletterListViewSet)
register_snippet(SubscriberViewSet)


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permissions=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.permissions = permissions

    def is_shown(self, request):
        return any(request.user.has_perm(p) for p in self.permissions)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path(
            "nieuwsbrieven/versturen/<int:page_id>/",
            newsletter_admin.send_issue,
            name="newsletter_admin_send",
        ),
        path(
            "nieuwsbrieven/verzendingen/",
            newsletter_admin.send_list,
            name="newsletter_admin_sends",
        ),
        path(
            "nieuwsbrieven/verzendingen/<int:send_id>/",
            newsletter_admin.send_detail,
            name="newsletter_admin_send_detail",
        ),
        path(
            "nieuwsbrieven/importeren/",
            newsletter_admin.import_subscribers,
            name="newsletter_admin_import",
        ),
    ]


@hooks.register("register_admin_menu_item")
def register_newsletter_menu():
    items = [
        PermissionMenuItem(
            _("Verzendingen"),
            reverse("newsletter_admin_sends"),
            icon_name="mail",
            order=100,
            permissions=["content.view_newslettersend", "content.send_newsletter"],
        ),
        PermissionMenuItem(
            _("Verzendlijsten"),
            reverse("wagtailsnippets_content_newsletterlist:list"),
            icon_name="list-ul",
            order=200,
            permissions=["content.view_newsletterlist", "content.change_newsletterlist"],
        ),
        PermissionMenuItem(
            _("Abonnees"),
            reverse("wagtailsnippets_content_subscriber:list"),
            icon_name="user",
            order=300,
            permissions=["content.view_subscriber", "content.change_subscriber"],
        ),
        PermissionMenuItem(
            _("Abonnees importeren"),
            reverse("newsletter_admin_import"),
            icon_name="upload",
            order=400,
            permissions=["content.import_subscriber"],
        ),
    ]
    return SubmenuMenuItem(_("Nieuwsbrieven"), Menu(items=items), icon_name="mail", order=350)


def _send_button(page, user, priority):
    page_class = page.specific_class
    if (
        page_class
        and issubclass(page_class, NewsletterPage)
        and user.has_perm("content.send_newsletter")
    ):
        yield Button(
            _("Versturen"),
            url=reverse("newsletter_admin_send", args=[page.pk]),
            icon_name="mail",
            priority=priority,
        )


@hooks.register("register_page_listing_more_buttons")
def newsletter_listing_button(page, user, next_url=None):
    yield from _send_button(page, user, priority=15)


@hooks.register("register_page_header_buttons")
def newsletter_header_button(page, user, view_name, next_url=None):
    yield from _send_button(page, user, priority=12)


@hooks.register("before_serve_document")
def refuse_private_documents(document, request):
    if not may_download(request.user, document):
        # 404 rather than 403: do not confirm that a private document exists.
        return render(request, "404.html", status=404)
    return None
