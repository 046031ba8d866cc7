"""What the roles may do with the site's pages, images, documents and newsletters.

Collected by ``accounts.roles`` (see there); the group names belong to accounts.
"""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants
from cms.review.workflow import reviewed_sections

IMAGES_AND_DOCUMENTS = [
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

# The sections redacteuren write in. Page permissions are inherited down the tree
# and Wagtail has no "deny", so they are granted per section, never on the root or
# the home page: that would reach the loket's form pages too, which only
# formulierbeheerders edit. No ``publish_page``: where review applies a page goes
# live only through the four-eyes workflow (``cms.review.workflow``).
SECTIONS = [
    ("content.StandardPage", "standaardpagina's"),
    ("content.HandleidingIndexPage", "handleidingen"),
    ("content.NewsletterIndexPage", "nieuwsbrieven"),
    ("content.ToegankelijkheidPage", "toegankelijkheidsverklaring"),
]
WRITING = ["add_page", "change_page", "lock_page", "unlock_page"]

role_grants.register(
    "content",
    RoleGrant(
        permissions={Role.REDACTEUR: IMAGES_AND_DOCUMENTS},
        # change_page also lets a redacteur submit for review, compare and revert
        # revisions. Eindredacteuren approve in the workflow (publishing the page)
        # and may correct a text first, so they write in the same sections.
        subtree_page_permissions={
            Role.REDACTEUR: [(label, WRITING) for label, _name in SECTIONS],
            Role.EINDREDACTEUR: [(label, WRITING) for label, _name in SECTIONS],
        },
        collection_permissions={Role.REDACTEUR: IMAGES_AND_DOCUMENTS},
    ),
)

for _label, _name in SECTIONS:
    reviewed_sections.register(_label, _name)

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
