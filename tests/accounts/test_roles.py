"""The role groups are exactly what they were when each app started declaring its own grants.

``EXPECTED`` was captured from ``accounts/roles.py`` on main before the grants moved
into the apps (``<app>/roles.py``): group → model permissions, page permissions
(``root`` or the page type of a subtree) and collection permissions. A grant that
is lost, added or moved to another group while reorganising fails here.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from accounts.roles import ROLE_GROUP_NAMES, ensure_role_groups
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db

EDITING = ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"]
IMAGES_AND_DOCUMENTS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
]

EXPECTED = {
    "Beheerders": (
        [
            "accounts.add_organisation",
            "accounts.add_user",
            "accounts.change_organisation",
            "accounts.change_user",
            "accounts.delete_organisation",
            "accounts.delete_user",
            "accounts.view_organisation",
            "accounts.view_securityevent",
            "accounts.view_user",
            "cms.change_sitesettings",
            "content.add_newsletterlist",
            "content.add_subscriber",
            "content.change_newsletterlist",
            "content.change_subscriber",
            "content.delete_newsletterlist",
            "content.delete_subscriber",
            "content.import_subscriber",
            "content.view_newsletterlist",
            "content.view_newslettersend",
            "content.view_subscriber",
            "loket.add_topbudget",
            "loket.change_loketsettings",
            "loket.change_topbudget",
            "loket.view_topbudget",
            "wagtailadmin.access_admin",
        ],
        [],
        [],
    ),
    "Commissie": (["wagtailadmin.access_admin"], [], []),
    "Consulenten": (["wagtailadmin.access_admin"], [], []),
    "Formulierbeheerders": (
        ["wagtailadmin.access_admin", "wagtaildocs.choose_document"],
        [("forms.LoketFormIndexPage", codename) for codename in EDITING],
        [],
    ),
    "Redacteuren": (
        [
            "content.add_newsletterlist",
            "content.change_newsletterlist",
            "content.send_newsletter",
            "content.view_newsletterlist",
            "content.view_newslettersend",
            "kennisbank.view_articlefeedback",
            "kennisbank.view_zeroresultquery",
            "wagtailadmin.access_admin",
            *IMAGES_AND_DOCUMENTS,
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
            "wagtailsearchpromotions.view_searchpromotion",
        ],
        [("root", codename) for codename in EDITING],
        [("Root", label) for label in IMAGES_AND_DOCUMENTS],
    ),
}


def _label(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


def _snapshot(group):
    permissions = sorted(_label(p) for p in group.permissions.select_related("content_type"))
    pages = sorted(
        (
            "root" if grant.page.depth == 1 else grant.page.specific_class._meta.label,
            grant.permission.codename,
        )
        for grant in GroupPagePermission.objects.filter(group=group)
    )
    collections = sorted(
        (grant.collection.name, _label(grant.permission))
        for grant in GroupCollectionPermission.objects.filter(group=group)
    )
    return (permissions, pages, collections)


def test_role_groups_are_exactly_as_before():
    from forms.models import LoketFormIndexPage

    home = ensure_site_tree()
    home.add_child(instance=LoketFormIndexPage(title="Loketformulieren", slug="loket-test"))
    ensure_role_groups()
    ensure_role_groups()  # idempotent: a second run adds nothing

    assert sorted(ROLE_GROUP_NAMES.values()) == sorted(EXPECTED)
    actual = {name: _snapshot(Group.objects.get(name=name)) for name in EXPECTED}
    assert actual == EXPECTED
