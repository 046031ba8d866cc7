"""What the roles may do in the loket. Collected by ``accounts.roles``.

Beheerders keep the TOP budget per year and the loket settings (overdue weeks,
caps). Formulierbeheerders edit, publish and lock the loket's form pages (the
subtree of every form index page) and keep the documents of the forms in their
own collection, "Formulieren" (they choose, add and read only those: the rest of
the library is not theirs); the form engine itself knows no roles, so the loket
grants this. Nobody else has page permissions on the form pages.
"""

from accounts.models import Role
from accounts.roles import RoleGrant, role_grants

FORMS_COLLECTION = "Formulieren"
FORM_DOCUMENTS = [
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
]

role_grants.register(
    "loket",
    RoleGrant(
        permissions={
            Role.BEHEERDER: [
                "loket.add_topbudget",
                "loket.change_topbudget",
                "loket.view_topbudget",
                "loket.change_loketsettings",
                "loket.add_bewaartermijn",
                "loket.change_bewaartermijn",
                "loket.view_bewaartermijn",
                "loket.view_retentierun",
            ],
            Role.FORMULIERBEHEERDER: [
                # Which form pages need instemming before a besluit (loket.instemming.services).
                "loket.add_instemmingvereist",
                "loket.change_instemmingvereist",
                "loket.delete_instemmingvereist",
                "loket.view_instemmingvereist",
                # Who co-signs per form page (loket.instemming.ondertekening).
                "loket.add_medeondertekenaar",
                "loket.change_medeondertekenaar",
                "loket.delete_medeondertekenaar",
                "loket.view_medeondertekenaar",
            ],
        },
        named_collection_permissions={
            Role.FORMULIERBEHEERDER: [(FORMS_COLLECTION, FORM_DOCUMENTS)],
        },
        subtree_page_permissions={
            Role.FORMULIERBEHEERDER: [
                (
                    "forms.LoketFormIndexPage",
                    ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
                )
            ]
        },
    ),
)
