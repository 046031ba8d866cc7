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


class _Permissions:
    """The permissions ``ensure_role_groups`` needs, read in one query.

    It used to read each permission with its own ``get`` (about 80 queries a run);
    it runs on every migrate, for every section page made, in the
    demo and in most tests' set-up, where it was a fifth of the test suite's time.
    """

    def __init__(self, labels):
        self._by_label = self._read(labels)
        if len(self._by_label) < len(labels):
            # Permissions are made by post_migrate; a database flushed and restored
            # around a transactional test (or a fresh one mid-migrate) may lack them.
            _create_all_permissions()
            self._by_label = self._read(labels)

    @staticmethod
    def _read(labels):
        pairs = [label.split(".") for label in labels]
        found = Permission.objects.filter(
            content_type__app_label__in={app for app, _ in pairs},
            codename__in={codename for _, codename in pairs},
        ).select_related("content_type")
        by_label = {f"{p.content_type.app_label}.{p.codename}": p for p in found}
        return {label: by_label[label] for label in labels if label in by_label}

    def __getitem__(self, label):
        try:
            return self._by_label[label]
        except KeyError:
            raise Permission.DoesNotExist(f"Permission {label} does not exist.") from None


def _create_all_permissions():
    from django.apps import apps
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        create_permissions(app_config, verbosity=0)


def _wanted_labels():
    """Every permission label some role's grants name."""
    labels = set()
    for role in ROLE_GROUP_NAMES:
        labels.update(_merged("permissions", role))
        labels.update(f"wagtailcore.{c}" for c in _merged("page_permissions", role))
        for _model_label, codenames in _merged("subtree_page_permissions", role):
            labels.update(f"wagtailcore.{c}" for c in codenames)
        labels.update(_merged("collection_permissions", role))
        for _name, named in _merged("named_collection_permissions", role):
            labels.update(named)
    return sorted(labels)


def _page_ids_of_type(model_label, cache):
    from django.apps import apps

    if model_label not in cache:
        try:
            model = apps.get_model(model_label)
        except LookupError:
            cache[model_label] = []
        else:
            cache[model_label] = list(model.objects.values_list("pk", flat=True))
    return cache[model_label]


def _named_collection(name):
    from wagtail.models import Collection

    collection = Collection.objects.filter(name=name, depth=2).first()
    if collection is None:
        collection = Collection.get_first_root_node().add_child(name=name)
    return collection


def _page_grants(role, root_page_id, permissions, pages_cache):
    """``{(page id, permission id)}`` the grants give ``role`` on pages."""
    wanted = set()
    if root_page_id is not None:
        for codename in _merged("page_permissions", role):
            wanted.add((root_page_id, permissions[f"wagtailcore.{codename}"].pk))
    for model_label, codenames in _merged("subtree_page_permissions", role):
        for page_id in _page_ids_of_type(model_label, pages_cache):
            for codename in codenames:
                wanted.add((page_id, permissions[f"wagtailcore.{codename}"].pk))
    return wanted


def _collection_grants(role, root_collection, permissions, collections_cache):
    """``{(collection id, permission id)}`` the grants give ``role`` on collections."""
    wanted = set()
    if root_collection is not None:
        for label in _merged("collection_permissions", role):
            wanted.add((root_collection.pk, permissions[label].pk))
        for name, labels in _merged("named_collection_permissions", role):
            if name not in collections_cache:
                collections_cache[name] = _named_collection(name)
            for label in labels:
                wanted.add((collections_cache[name].pk, permissions[label].pk))
    return wanted


def _sync_rows(model, owner_field, groups, wanted):
    """Make the rows of ``model`` for ``groups`` exactly ``wanted``:
    ``{group id: {(object id, permission id)}}``, in three queries at most."""
    have = {}
    for row in model.objects.filter(group__in=groups.values()).values(
        "pk", "group_id", f"{owner_field}_id", "permission_id"
    ):
        key = (row[f"{owner_field}_id"], row["permission_id"])
        have.setdefault(row["group_id"], {})[key] = row["pk"]
    stale = [
        pk
        for group_id, rows in have.items()
        for key, pk in rows.items()
        if key not in wanted.get(group_id, set())
    ]
    if stale:
        model.objects.filter(pk__in=stale).delete()
    missing = [
        model(group_id=group_id, permission_id=permission_id, **{f"{owner_field}_id": owner_id})
        for group_id, keys in wanted.items()
        for owner_id, permission_id in sorted(keys - set(have.get(group_id, {})))
    ]
    if missing:
        model.objects.bulk_create(missing)


@transaction.atomic
def ensure_role_groups():
    """Create or update the group of every role with exactly its permissions. Idempotent.

    A fixed number of queries whatever the number of roles and sections: the
    permissions, groups and grants are read at once and only the difference written.
    """
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    _check_grants()
    permissions = _Permissions(_wanted_labels())
    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    existing = {g.name: g for g in Group.objects.filter(name__in=ROLE_GROUP_NAMES.values())}
    groups = {}
    for role, name in ROLE_GROUP_NAMES.items():
        groups[role] = existing.get(name) or Group.objects.create(name=name)

    through = Group.permissions.through
    wanted_permissions = {
        groups[role].pk: {permissions[label].pk for label in _merged("permissions", role)}
        for role in ROLE_GROUP_NAMES
    }
    have_permissions = {}
    for group_id, permission_id in through.objects.filter(group__in=groups.values()).values_list(
        "group_id", "permission_id"
    ):
        have_permissions.setdefault(group_id, set()).add(permission_id)
    for group_id, wanted in wanted_permissions.items():
        stale = have_permissions.get(group_id, set()) - wanted
        if stale:
            through.objects.filter(group_id=group_id, permission_id__in=stale).delete()
    through.objects.bulk_create(
        through(group_id=group_id, permission_id=permission_id)
        for group_id, wanted in wanted_permissions.items()
        for permission_id in sorted(wanted - have_permissions.get(group_id, set()))
    )

    pages_cache, collections_cache = {}, {}
    root_page_id = root_page.pk if root_page is not None else None
    _sync_rows(
        GroupPagePermission,
        "page",
        groups,
        {
            groups[role].pk: _page_grants(role, root_page_id, permissions, pages_cache)
            for role in ROLE_GROUP_NAMES
        },
    )
    _sync_rows(
        GroupCollectionPermission,
        "collection",
        groups,
        {
            groups[role].pk: _collection_grants(
                role, root_collection, permissions, collections_cache
            )
            for role in ROLE_GROUP_NAMES
        },
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
