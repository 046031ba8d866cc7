"""What the roles may do in the kennisbank: redacteuren write articles (published
only through the four-eyes workflow, see ``cms.review``), keep the search
promotions and read the feedback and zero-result reports; eindredacteuren approve.
Collected by ``accounts.roles``."""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants
from cms.review import reviewed_sections

WRITING = ["add_page", "change_page", "lock_page", "unlock_page"]
SECTION = "kennisbank.KennisbankIndexPage"

role_grants.register(
    "kennisbank",
    RoleGrant(
        permissions={
            Role.REDACTEUR: [
                "wagtailsearchpromotions.add_searchpromotion",
                "wagtailsearchpromotions.change_searchpromotion",
                "wagtailsearchpromotions.delete_searchpromotion",
                "wagtailsearchpromotions.view_searchpromotion",
                "kennisbank.view_articlefeedback",
                "kennisbank.view_zeroresultquery",
            ]
        },
        subtree_page_permissions={
            Role.REDACTEUR: [(SECTION, WRITING)],
            Role.EINDREDACTEUR: [(SECTION, WRITING)],
        },
    ),
)

reviewed_sections.register(SECTION, "kennisbank")
