"""What the roles may do in the kennisbank: redacteuren keep the search promotions
and read the feedback and zero-result reports, and
edit the search synonyms. Collected by ``accounts.roles``."""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants

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
        }
    ),
)
