"""Roles map onto Wagtail groups; every app declares what its roles may do.

A membership gives a user a role; the role decides which Wagtail group the user
is in, and the group carries the Django/Wagtail permissions. Schoolgebruikers and
externen get no group at all: they never have ``wagtailadmin.access_admin`` and
so never reach ``/admin/``.

``accounts`` owns the roles and their groups, but not what the roles may do in
other apps: each app says that in its own ``roles.py`` module, which registers a
:class:`RoleGrant` under the app's label in :data:`role_grants`. ``AccountsConfig``
imports every installed app's ``roles`` module (``autodiscover_modules``, the way
Wagtail finds ``wagtail_hooks``), so ``accounts`` names no other app. A group gets
the union of what all grants give its role.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from .models import Role
from .registry import Registry

# The group of each role that works in the Wagtail admin.
ROLE_GROUP_NAMES = {
    Role.REDACTEUR: "Redacteuren",
    Role.EINDREDACTEUR: "Eindredacteuren",
    Role.FORMULIERBEHEERDER: "Formulierbeheerders",
    Role.CONSULENT: "Consulenten",
    Role.COMMISSIE: "Commissie",
    Role.BEHEERDER: "Beheerders",
    Role.PRIVACY: "Privacyfunctionarissen",
}


@dataclass(frozen=True)
class RoleGrant:
    """What one app lets roles do. Each mapping is keyed by role.

    * ``permissions``: model permissions, ``"app_label.codename"``.
    * ``page_permissions``: page permission codenames on the whole page tree.
    * ``subtree_page_permissions``: ``(page model label, codenames)`` pairs: the
      codenames on the subtree of every page of that type. The type is looked up
      lazily by label, so the page type may live in any app.
    * ``collection_permissions``: image/document permissions on the root collection.
    * ``named_collection_permissions``: ``(collection name, labels)`` pairs: the
      labels on that collection (a child of the root, created when missing) and
      so on everything in it. A role that manages only its own files gets them
      here instead of on the root.

    Page and collection permissions are kept *exactly*: a group loses the page and
    collection permissions no grant gives it any more (a changed grant takes
    effect on an existing database at the next migrate).
    """

    permissions: dict = field(default_factory=dict)
    page_permissions: dict = field(default_factory=dict)
    subtree_page_permissions: dict = field(default_factory=dict)
    collection_permissions: dict = field(default_factory=dict)
    named_collection_permissions: dict = field(default_factory=dict)

    def roles(self):
        return {
            *self.permissions,
            *self.page_permissions,
            *self.subtree_page_permissions,
            *self.collection_permissions,
            *self.named_collection_permissions,
        }


role_grants = Registry("role grants")

_ADMIN_ROLES = list(ROLE_GROUP_NAMES)

# What accounts itself grants: the admin for every role with a group, and the
# beheerder's management of users, organisations and the security log.
role_grants.register(
    "accounts",
    RoleGrant(
        permissions={
            **{role: ["wagtailadmin.access_admin"] for role in _ADMIN_ROLES},
            Role.BEHEERDER: [
                "wagtailadmin.access_admin",
                "accounts.add_user",
                "accounts.change_user",
                "accounts.delete_user",
                "accounts.view_user",
                "accounts.add_organisation",
                "accounts.change_organisation",
                "accounts.delete_organisation",
                "accounts.view_organisation",
                "accounts.view_securityevent",
            ],
        }
    ),
)


def _merged(attribute, role):
    """The union, in first-seen order, of one kind of grant for one role over all apps."""
    merged = []
    for _key, grant in role_grants.items():
        for item in getattr(grant, attribute).get(role, []):
            if item not in merged:
                merged.append(item)
    return merged


def subtree_page_types():
    """The page type labels some grant gives permissions on the subtree of."""
    labels = set()
    for _key, grant in role_grants.items():
        for pairs in grant.subtree_page_permissions.values():
            labels.update(label for label, _codenames in pairs)
    return labels


def _check_grants():
    for key, grant in role_grants.items():
        stray = grant.roles() - set(ROLE_GROUP_NAMES)
        if stray:
            raise ImproperlyConfigured(
                f"Role grant '{key}' gives permissions to {sorted(stray)}, roles without a "
                "group: they must never reach the Wagtail admin."
            )


def _permission(label):
    app_label, codename = label.split(".")
    try:
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)
    except Permission.DoesNotExist:
        # Permissions are made by post_migrate; a database flushed and restored
        # around a transactional test (or a fresh one mid-migrate) may lack them.
        _create_all_permissions()
        return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _create_all_permissions():
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


def _page_permission(codename):
    return _permission(f"wagtailcore.{codename}")


def _pages_of_type(model_label):
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except LookupError:
        return []
    return list(model.objects.all())


def _named_collection(name):
    from wagtail.models import Collection

    collection = Collection.objects.filter(name=name, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=name)
    return collection


def _page_grants(role, root_page):
    """``{(page, permission)}`` the grants give ``role`` on pages."""
    wanted = set()
    if root_page is not None:
        for codename in _merged("page_permissions", role):
            wanted.add((root_page, _page_permission(codename)))
    for model_label, codenames in _merged("subtree_page_permissions", role):
        for page in _pages_of_type(model_label):
            for codename in codenames:
                wanted.add((page, _page_permission(codename)))
    return wanted


def _collection_grants(role, root_collection):
    """``{(collection, permission)}`` the grants give ``role`` on collections."""
    wanted = set()
    if root_collection is not None:
        for label in _merged("collection_permissions", role):
            wanted.add((root_collection, _permission(label)))
        for name, labels in _merged("named_collection_permissions", role):
            collection = _named_collection(name)
            for label in labels:
                wanted.add((collection, _permission(label)))
    return wanted


@transaction.atomic
def ensure_role_groups():
    """Create or update the group of every role with exactly its permissions. Idempotent."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    _check_grants()
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role, name in ROLE_GROUP_NAMES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(label) for label in _merged("permissions", role)])
        groups[role] = group
        wanted_pages = {(page.pk, perm.pk) for page, perm in _page_grants(role, root_page)}
        for grant in GroupPagePermission.objects.filter(group=group):
            if (grant.page_id, grant.permission_id) not in wanted_pages:
                grant.delete()
        for page_id, permission_id in wanted_pages:
            GroupPagePermission.objects.get_or_create(
                group=group, page_id=page_id, permission_id=permission_id
            )
        collection_grants = _collection_grants(role, root_collection)
        wanted_collections = {(collection.pk, perm.pk) for collection, perm in collection_grants}
        for grant in GroupCollectionPermission.objects.filter(group=group):
            if (grant.collection_id, grant.permission_id) not in wanted_collections:
                grant.delete()
        for collection_id, permission_id in wanted_collections:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection_id=collection_id, permission_id=permission_id
            )
    return groups


def sync_user_groups(user):
    """Put the user in exactly the role groups their memberships give them."""
    role_group_names = set(ROLE_GROUP_NAMES.values())
    wanted = {ROLE_GROUP_NAMES[role] for role in user.roles() if role in ROLE_GROUP_NAMES}
    current = set(user.groups.values_list("name", flat=True))
    to_remove = (current & role_group_names) - wanted
    to_add = wanted - current
    if to_remove:
        user.groups.remove(*Group.objects.filter(name__in=to_remove))
    if to_add:
        missing = to_add - set(Group.objects.filter(name__in=to_add).values_list("name", flat=True))
        if missing:
            ensure_role_groups()
        user.groups.add(*Group.objects.filter(name__in=to_add))
