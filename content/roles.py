"""What the roles may do with the site's pages, images, documents and newsletters.

Collected by ``accounts.roles`` (see there); the group names belong to accounts.
"""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants

IMAGES_AND_DOCUMENTS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

role_grants.register(
    "content",
    RoleGrant(
        permissions={Role.REDACTEUR: IMAGES_AND_DOCUMENTS},
        # change_page also lets a redacteur submit for review, compare and revert
        # revisions; publish_page lets them publish, schedule and unpublish.
        page_permissions={
            Role.REDACTEUR: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"]
        },
        collection_permissions={Role.REDACTEUR: IMAGES_AND_DOCUMENTS},
    ),
)

role_grants.register(
    "content.nieuwsbrieven",
    RoleGrant(
        permissions={
            # Redacteuren send issues, see the figures and keep the lists.
            Role.REDACTEUR: [
                "content.send_newsletter",
                "content.view_newslettersend",
                "content.add_newsletterlist",
                "content.change_newsletterlist",
                "content.view_newsletterlist",
            ],
            # Beheerders keep the subscribers (personal data) and their import, lists, figures.
            Role.BEHEERDER: [
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
        }
    ),
)
