"""Roles map onto Wagtail groups.

A membership gives a user a role; the role decides which Wagtail group the user
is in, and the group carries the Django/Wagtail permissions. Schoolgebruikers and
externen get no group at all: they never have ``wagtailadmin.access_admin`` and
so never reach ``/admin/``.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .models import Role

# Group name and model permissions ("app_label.codename") per role.
ROLE_GROUPS = {
    Role.REDACTEUR: (
        "Redacteuren",
        [
            "wagtailadmin.access_admin",
            "wagtailimages.add_image",
            "wagtailimages.change_image",
            "wagtailimages.choose_image",
            "wagtaildocs.add_document",
            "wagtaildocs.change_document",
            "wagtaildocs.choose_document",
            # Kennisbank: search promotions and the feedback / zero-result reports.
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
            "wagtailsearchpromotions.view_searchpromotion",
            "kennisbank.view_articlefeedback",
            "kennisbank.view_zeroresultquery",
            # Newsletters: send issues, see the figures, keep the lists.
            "content.send_newsletter",
            "content.view_newslettersend",
            "content.add_newsletterlist",
            "content.change_newsletterlist",
            "content.view_newsletterlist",
        ],
    ),
    Role.FORMULIERBEHEERDER: (
        "Formulierbeheerders",
        ["wagtailadmin.access_admin", "wagtaildocs.choose_document"],
    ),
    Role.CONSULENT: ("Consulenten", ["wagtailadmin.access_admin"]),
    Role.COMMISSIE: ("Commissie", ["wagtailadmin.access_admin"]),
    Role.BEHEERDER: (
        "Beheerders",
        [
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
            "cms.change_sitesettings",
            # Loket: the TOP budget per year and the loket settings (overdue weeks, caps).
            "loket.add_topbudget",
            "loket.change_topbudget",
            "loket.view_topbudget",
            "loket.change_loketsettings",
            # Newsletters: subscribers (personal data) and their import, lists, figures.
            "content.add_newsletterlist",
            "content.change_newsletterlist",
            "content.delete_newsletterlist",
            "content.view_newsletterlist",
            "content.add_subscriber",
            "content.change_subscriber",
            "content.delete_subscriber",
            "content.view_subscriber",
            "content.import_subscriber",
            "content.view_newslettersend",
        ],
    ),
}

# Page permissions on the whole page tree, per role. Later issues narrow the
# formulierbeheerder to the form pages once those exist.
ROLE_PAGE_PERMISSIONS = {
    # change_page also lets a redacteur submit for review, compare and revert revisions;
    # publish_page lets them publish, schedule and unpublish.
    Role.REDACTEUR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}

# Page permissions on the subtree of every page of a given type, per role. The
# type is named by its label and looked up lazily, so accounts imports no other app.
ROLE_SUBTREE_PAGE_PERMISSIONS = {
    Role.FORMULIERBEHEERDER: (
        "forms.LoketFormIndexPage",
        ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ),
}

# Collection permissions (images and documents) per role.
ROLE_COLLECTION_PERMISSIONS = {
    Role.REDACTEUR: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}

ROLE_GROUP_NAMES = {role: name for role, (name, _) in ROLE_GROUPS.items()}


def _permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _pages_of_type(model_label):
    from django.apps import apps

    try:
        model = apps.get_model(model_label)
    except LookupError:
        return []
    return list(model.objects.all())


@transaction.atomic
def ensure_role_groups():
    """Create or update the group of every role with exactly its permissions. Idempotent."""
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    groups = {}
    for role, (name, labels) in ROLE_GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.set([_permission(label) for label in labels])
        groups[role] = group
        if root_page is not None:
            for codename in ROLE_PAGE_PERMISSIONS.get(role, []):
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        if role in ROLE_SUBTREE_PAGE_PERMISSIONS:
            model_label, codenames = ROLE_SUBTREE_PAGE_PERMISSIONS[role]
            for page in _pages_of_type(model_label):
                for codename in codenames:
                    GroupPagePermission.objects.get_or_create(
                        group=group,
                        page=page,
                        permission=Permission.objects.get(
                            content_type__app_label="wagtailcore", codename=codename
                        ),
                    )
        if root_collection is not None:
            for label in ROLE_COLLECTION_PERMISSIONS.get(role, []):
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=_permission(label)
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
