"""What the roles may do in the kennisbank: redacteuren write articles (published
only through the four-eyes workflow, see ``cms.review.workflow``), keep the search
promotions, read the feedback and zero-result reports and edit the search synonyms;
eindredacteuren approve. Collected by ``accounts.roles``."""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants
from cms.review.workflow import reviewed_sections

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
                # Synonyms of the search ("TLV" also finds "toelaatbaarheidsverklaring").
                "kennisbank.add_synonymgroup",
                "kennisbank.change_synonymgroup",
                "kennisbank.delete_synonymgroup",
                "kennisbank.view_synonymgroup",
            ]
        },
        subtree_page_permissions={
            Role.REDACTEUR: [(SECTION, WRITING)],
            Role.EINDREDACTEUR: [(SECTION, WRITING)],
        },
    ),
)

reviewed_sections.register(SECTION, "kennisbank")
