"""What the roles may do in the kennisbank: redacteuren keep the search promotions
and read the feedback and zero-result reports. Collected by ``accounts.roles``."""

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
            ]
        }
    ),
)
