"""What the roles may do with school accounts. Collected by ``accounts.roles``.

The beheerder configures each organisation's provider, reads the log of federated
logins and may unlink an identity (the next login then matches afresh).
"""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants

role_grants.register(
    "federatie",
    RoleGrant(
        permissions={
            Role.BEHEERDER: [
                "federatie.add_oidcprovider",
                "federatie.change_oidcprovider",
                "federatie.delete_oidcprovider",
                "federatie.view_oidcprovider",
                "federatie.add_samlprovider",
                "federatie.change_samlprovider",
                "federatie.delete_samlprovider",
                "federatie.view_samlprovider",
                "federatie.view_federatedidentity",
                "federatie.delete_federatedidentity",
                "federatie.view_loginevent",
            ],
        }
    ),
)
