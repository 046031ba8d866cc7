"""The role groups are exactly what the apps declare (``<app>/roles.py``).

``EXPECTED`` was captured from ``accounts/roles.py`` on main before the grants moved
into the apps, then changed on purpose for least privilege and four eyes (issue
10): redacteuren and eindredacteuren write per section, never on the root, and
nobody publishes past the workflow; formulierbeheerders keep documents only in
their own collection. Group → model permissions, page permissions (``root`` or
the page type of a subtree) and collection permissions. A grant that is lost,
added or moved to another group fails here.
"""

import ast
import pathlib
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ImproperlyConfigured
from wagtail.models import GroupCollectionPermission, GroupPagePermission

from accounts.models import Role
from accounts.registry import Registry
from accounts.roles import ROLE_GROUP_NAMES, RoleGrant, ensure_role_groups, role_grants
from tests.conftest import ensure_site_tree

pytestmark = pytest.mark.django_db

EDITING = ["add_page", "change_page", "lock_page", "publish_page", "unlock_page"]
WRITING = ["add_page", "change_page", "lock_page", "unlock_page"]
SECTIONS = [
    "content.HandleidingIndexPage",
    "content.NewsletterIndexPage",
    "content.StandardPage",
    "content.ToegankelijkheidPage",
    "kennisbank.KennisbankIndexPage",
]
SECTION_WRITING = sorted((label, codename) for label in SECTIONS for codename in WRITING)
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
            # Added on purpose by issue 29 (school accounts: providers, links, the log):
            "federatie.add_oidcprovider",
            "federatie.add_samlprovider",
            "federatie.change_oidcprovider",
            "federatie.change_samlprovider",
            "federatie.delete_federatedidentity",
            "federatie.delete_oidcprovider",
            "federatie.delete_samlprovider",
            "federatie.view_federatedidentity",
            "federatie.view_loginevent",
            "federatie.view_oidcprovider",
            "federatie.view_samlprovider",
            # Added on purpose by issue 12 (retention settings and their runs):
            "loket.add_bewaartermijn",
            "loket.add_topbudget",
            "loket.change_bewaartermijn",
            "loket.change_loketsettings",
            "loket.change_topbudget",
            "loket.view_bewaartermijn",
            "loket.view_retentierun",
            "loket.view_topbudget",
            "wagtailadmin.access_admin",
        ],
        [],
        [],
    ),
    "Commissie": (["wagtailadmin.access_admin"], [], []),
    "Consulenten": (["wagtailadmin.access_admin"], [], []),
    "Eindredacteuren": (["wagtailadmin.access_admin"], SECTION_WRITING, []),
    # Added by issue 12: the AVG inzage export (its views check the role itself).
    "Privacyfunctionarissen": (["wagtailadmin.access_admin"], [], []),
    "Formulierbeheerders": (
        [
            "loket.add_instemmingvereist",
            "loket.add_medeondertekenaar",
            "loket.change_instemmingvereist",
            "loket.change_medeondertekenaar",
            "loket.delete_instemmingvereist",
            "loket.delete_medeondertekenaar",
            "loket.view_instemmingvereist",
            "loket.view_medeondertekenaar",
            "wagtailadmin.access_admin",
        ],
        [("forms.LoketFormIndexPage", codename) for codename in EDITING],
        [
            ("Formulieren", "wagtaildocs.add_document"),
            ("Formulieren", "wagtaildocs.change_document"),
            ("Formulieren", "wagtaildocs.choose_document"),
        ],
    ),
    "Redacteuren": (
        [
            "content.add_newsletterlist",
            "content.change_newsletterlist",
            "content.send_newsletter",
            "content.view_newsletterlist",
            "content.view_newslettersend",
            "kennisbank.add_synonymgroup",
            "kennisbank.change_synonymgroup",
            "kennisbank.delete_synonymgroup",
            "kennisbank.view_articlefeedback",
            "kennisbank.view_synonymgroup",
            "kennisbank.view_zeroresultquery",
            "wagtailadmin.access_admin",
            *IMAGES_AND_DOCUMENTS,
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
            "wagtailsearchpromotions.view_searchpromotion",
        ],
        SECTION_WRITING,
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
    from content.handleidingen import HandleidingIndexPage
    from content.models import StandardPage
    from content.nieuwsbrieven.models import NewsletterIndexPage
    from forms.models import LoketFormIndexPage
    from kennisbank.models import KennisbankIndexPage

    home = ensure_site_tree()
    home.add_child(instance=LoketFormIndexPage(title="Loketformulieren", slug="loket-test"))
    home.add_child(instance=KennisbankIndexPage(title="Kennisbank", slug="kb"))
    home.add_child(instance=HandleidingIndexPage(title="Handleidingen", slug="hl"))
    home.add_child(instance=NewsletterIndexPage(title="Nieuwsbrieven", slug="nb"))
    home.add_child(instance=StandardPage(title="Over ons", slug="over"))
    from content import demo

    demo.statement(home)
    # A grant no app gives any more (the redacteur's publish on the root before
    # issue 10) is taken away, not left behind.
    from django.contrib.auth.models import Permission
    from wagtail.models import Page

    GroupPagePermission.objects.create(
        group=Group.objects.get_or_create(name="Redacteuren")[0],
        page=Page.get_first_root_node(),
        permission=Permission.objects.get(codename="publish_page"),
    )
    ensure_role_groups()
    ensure_role_groups()  # idempotent: a second run adds nothing

    assert sorted(ROLE_GROUP_NAMES.values()) == sorted(EXPECTED)
    actual = {name: _snapshot(Group.objects.get(name=name)) for name in EXPECTED}
    assert actual == EXPECTED


# The project's other apps. accounts may still read django.conf.settings (which lists
# them in INSTALLED_APPS) and reverse URL names through the project's URLconf: both
# are the project's wiring, not a dependency on another app's code.
OTHER_APPS = {"bench", "cms", "content", "federatie", "forms", "kennisbank", "loket", "permissions"}
ACCOUNTS_DIR = pathlib.Path(__file__).resolve().parents[2] / "accounts"
APP_REFERENCE = re.compile(r"\b(" + "|".join(sorted(OTHER_APPS)) + r")\.\w")


def _accounts_modules():
    return [
        path
        for path in sorted(ACCOUNTS_DIR.rglob("*.py"))
        if "migrations" not in path.relative_to(ACCOUNTS_DIR).parts
    ]


def test_accounts_imports_and_names_no_other_app():
    offences = []
    modules = _accounts_modules()
    assert len(modules) > 5
    for path in modules:
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module]
            elif isinstance(node, ast.Constant) and isinstance(node.value, str):
                if APP_REFERENCE.search(node.value):
                    offences.append(f"{path.name}:{node.lineno}: {node.value[:60]!r}")
                continue
            else:
                continue
            for name in names:
                if name.split(".")[0] in OTHER_APPS:
                    offences.append(f"{path.name}:{node.lineno}: import {name}")
    assert offences == []


def test_the_scan_would_catch_a_reference():
    tree = ast.parse('from loket.models import TopBudget\nLABEL = "content.send_newsletter"\n')
    constants = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)]
    imports = [n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)]
    assert imports == ["loket.models"]
    assert APP_REFERENCE.search(constants[0])


def test_a_grant_to_a_role_without_a_group_is_refused():
    grant = RoleGrant(permissions={Role.SCHOOLGEBRUIKER: ["wagtailadmin.access_admin"]})
    with (
        role_grants.override("test", grant),
        pytest.raises(ImproperlyConfigured, match="without a group"),
    ):
        ensure_role_groups()


def test_an_overridden_grant_reaches_the_group_and_goes_away_again():
    with role_grants.override(
        "test", RoleGrant(permissions={Role.CONSULENT: ["accounts.view_organisation"]})
    ):
        ensure_role_groups()
        assert _snapshot(Group.objects.get(name="Consulenten"))[0] == [
            "accounts.view_organisation",
            "wagtailadmin.access_admin",
        ]
    ensure_role_groups()
    assert _snapshot(Group.objects.get(name="Consulenten")) == EXPECTED["Consulenten"]


def test_registry_refuses_a_duplicate_and_names_the_known_keys():
    registry = Registry("things")
    registry.register("a", 1)
    with pytest.raises(ImproperlyConfigured, match="'a' is already registered"):
        registry.register("a", 2)
    with pytest.raises(LookupError, match=r"no entry 'b' \(registered: a\)"):
        registry["b"]
    with registry.override("a", 3):
        assert registry["a"] == 3
    assert registry["a"] == 1


def test_every_app_with_roles_is_collected():
    keys = [key for key, _grant in role_grants.items()]
    assert keys[0] == "accounts"
    assert {"cms", "content", "content.nieuwsbrieven", "kennisbank", "loket"} <= set(keys)


def test_membership_changes_have_one_receiver(make_user, cleo):
    """accounts.signals is the only receiver; other apps hook in through membership_hooks."""
    from django.db.models.signals import post_delete, post_save

    from accounts.models import Membership
    from accounts.signals import membership_hooks

    project_apps = OTHER_APPS | {"accounts"}
    for signal in (post_save, post_delete):
        ours = [
            f"{receiver.__module__}.{receiver.__name__}"
            for receiver in signal._live_receivers(Membership)[0]
            if receiver.__module__.split(".")[0] in project_apps
        ]
        assert ours == ["accounts.signals.membership_changed"]

    seen = []
    with membership_hooks.override("test", seen.append):
        user = make_user(Role.REDACTEUR)
    assert seen == [user]
    assert list(user.groups.values_list("name", flat=True)) == ["Redacteuren"]
