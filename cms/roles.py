"""What the roles may do with the site as a whole: beheerders edit the site settings.
Collected by ``accounts.roles``."""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants

role_grants.register(
    "cms",
    RoleGrant(permissions={Role.BEHEERDER: ["cms.change_sitesettings"]}),
)
