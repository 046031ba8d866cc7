"""The organisation form of the Wagtail admin: no pupil-reading role for yourself.

A beheerder manages organisations and their members but reads no pupil data.
Giving themselves a role that does (``PUPIL_DATA_ROLES``) would undo that in
one save, so the form refuses a new or changed membership of the editing user
with such a role; another person (a second beheerder, or a superuser) must do
it, and the change lands in the Beveiligingslog like every role change.
Memberships the user already holds may stay as they are.
"""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from .models import PUPIL_DATA_ROLES


class OrganisationAdminForm(WagtailAdminModelForm):
    def is_valid(self):
        # ClusterForm validates the inline formsets after the form's own clean(),
        # so the check over the memberships runs once all of them are cleaned.
        valid = super().is_valid()
        return self._refuse_self_granted_pupil_roles() and valid

    def _refuse_self_granted_pupil_roles(self):
        user = getattr(self, "for_user", None)
        formset = self.formsets.get("memberships") if hasattr(self, "formsets") else None
        if user is None or user.is_superuser or formset is None:
            return True
        ok = True
        for form in formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE"):
                continue
            member, role = data.get("user"), data.get("role")
            if member is None or member.pk != user.pk or role not in PUPIL_DATA_ROLES:
                continue
            unchanged = (
                form.instance.pk is not None
                and "role" not in form.changed_data
                and "user" not in form.changed_data
            )
            if unchanged:
                continue
            form.add_error(
                "role",
                _(
                    "Je kunt jezelf geen rol geven waarmee je leerlinggegevens ziet. "
                    "Vraag een andere beheerder."
                ),
            )
            ok = False
        return ok
