"""Cell readers of the account imports (``accounts.imports.resources``): each turns what a
beheerder writes in a cell (a code or its Dutch label, a BRIN or a name, an e-mail
address) into a value, or raises ``ValueError`` with a Dutch message that the
preview shows on that row."""

from django.utils.translation import gettext as _
from import_export import widgets

from accounts.models import Organisation, Role, SchoolType, User


def choice_code(value, choices, what):
    """A choice code from its code or its (Dutch) label, case-insensitively."""
    text = str(value or "").strip().lower()
    for code, label in choices:
        if text in (str(code).lower(), str(label).lower()):
            return code
    allowed = ", ".join(str(code) for code, _label in choices)
    raise ValueError(
        _("Onbekende %(what)s ‘%(value)s’; kies uit: %(allowed)s.")
        % {"what": what, "value": value or "", "allowed": allowed}
    )


def find_organisation(value, kinds):
    """An organisation by BRIN (schools) or by exact name, of one of ``kinds``."""
    text = str(value or "").strip()
    if not text:
        raise ValueError(_("Vul de organisatie in."))
    queryset = Organisation.objects.filter(kind__in=kinds)
    found = list(queryset.filter(brin__iexact=text)[:2]) or list(
        queryset.filter(name__iexact=text)[:2]
    )
    if len(found) != 1:
        raise ValueError(
            _("Organisatie ‘%(value)s’ niet gevonden (of niet eenduidig).") % {"value": text}
        )
    return found[0]


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return choice_code(value, Organisation.Kind.choices, _("soort"))

    def render(self, value, obj=None, **kwargs):
        return value


class SchoolTypeWidget(widgets.Widget):
    """A schooltype by code or label; empty stays empty (``Organisation.clean`` asks a
    school for one)."""

    def clean(self, value, row=None, **kwargs):
        if not str(value or "").strip():
            return ""
        return choice_code(value, SchoolType.choices, _("schooltype"))

    def render(self, value, obj=None, **kwargs):
        return value or ""


class BestuurWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if not str(value or "").strip():
            return None
        return find_organisation(value, [Organisation.Kind.BESTUUR])

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class YesNoWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = str(value if value is not None else "").strip().lower()
        if text in ("", "ja", "j", "1", "true", "waar", "yes"):
            return True
        if text in ("nee", "n", "0", "false", "onwaar", "no"):
            return False
        raise ValueError(_("Vul ‘ja’ of ‘nee’ in."))

    def render(self, value, obj=None, **kwargs):
        return "ja" if value else "nee"


class ConsulentWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        email = str(value or "").strip().lower()
        user = User.objects.filter(email__iexact=email, memberships__role=Role.CONSULENT).first()
        if user is None:
            raise ValueError(_("Geen consulent met e-mailadres ‘%(email)s’.") % {"email": email})
        return user

    def render(self, value, obj=None, **kwargs):
        return value.email if value else ""


class SchoolWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return find_organisation(value, [Organisation.Kind.SCHOOL])

    def render(self, value, obj=None, **kwargs):
        return value.brin if value else ""
