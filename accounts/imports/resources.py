"""Imports for beheerders (django-import-export): organisations, users with their
memberships, and consulent assignments, from CSV or XLSX.

Each kind is one entry in :data:`importers` (a keyed registry): a label, the
columns it reads, the permissions it needs and its ``Resource``. Rows refer to
each other by what a beheerder knows: a school by its BRIN, a bestuur or an
external organisation by its name, a user by e-mail address.

An import is all or nothing: :func:`run_import` runs the whole file in one
transaction, and when any row has an error nothing is kept — also not the rows
before it. The dry run is the same run, always rolled back; it gives the preview
with per-row errors in Dutch. The file type is decided on content, not its name.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources

from accounts import role_log
from accounts.imports.tabular import ImportFileError, read_tabular
from accounts.imports.widgets import (
    BestuurWidget,
    ConsulentWidget,
    KindWidget,
    SchoolTypeWidget,
    SchoolWidget,
    YesNoWidget,
    choice_code,
    find_organisation,
)
from accounts.models import (
    PUPIL_DATA_ROLES,
    ConsulentAssignment,
    Membership,
    Organisation,
    Role,
    SecurityEvent,
    User,
)
from accounts.registry import Registry

MAX_ROWS = 5000


class _Rollback(Exception):
    """Raised inside the import's transaction to undo it (dry run or a bad row)."""


class _AtomicResource(resources.ModelResource):
    """Shared: the acting user; an empty optional cell keeps what an existing row has.
    The caller (``run_import``) owns the transaction."""

    keep_when_blank = ()  # column names

    def __init__(self, user=None):
        super().__init__()
        self.user = user

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            for field in self.get_import_fields():
                if field.column_name in self.keep_when_blank and not row.get(field.column_name):
                    current = getattr(instance, field.attribute)
                    row[field.column_name] = field.widget.render(current)
        super().import_instance(instance, row, **kwargs)


class OrganisationResource(_AtomicResource):
    kind = fields.Field(attribute="kind", column_name="soort", widget=KindWidget())
    name = fields.Field(attribute="name", column_name="naam")
    brin = fields.Field(attribute="brin", column_name="brin")
    school_type = fields.Field(
        attribute="school_type", column_name="schooltype", widget=SchoolTypeWidget()
    )
    licence_name = fields.Field(attribute="licence_name", column_name="licentienaam")
    bestuur = fields.Field(attribute="bestuur", column_name="bestuur", widget=BestuurWidget())
    email = fields.Field(attribute="email", column_name="email")
    is_active = fields.Field(attribute="is_active", column_name="actief", widget=YesNoWidget())

    class Meta:
        model = Organisation
        fields = (
            "kind",
            "name",
            "brin",
            "school_type",
            "licence_name",
            "bestuur",
            "email",
            "is_active",
        )
        import_id_fields = ()
        clean_model_instances = True
        skip_unchanged = False

    keep_when_blank = ("schooltype", "licentienaam", "bestuur", "email", "actief")
    COLUMNS = ("soort", "naam", "brin", "schooltype", "licentienaam", "bestuur", "email", "actief")

    def before_import_row(self, row, **kwargs):
        for column in self.COLUMNS:
            row[column] = str(row.get(column) or "").strip()
        row["brin"] = row["brin"].upper()

    def get_instance(self, instance_loader, row):
        """A school is found by BRIN, any other organisation by soort and name."""
        brin = row.get("brin")
        if brin:
            return Organisation.objects.filter(brin__iexact=brin).first()
        try:
            kind = choice_code(row.get("soort"), Organisation.Kind.choices, "soort")
        except ValueError:
            return None
        return Organisation.objects.filter(kind=kind, name__iexact=row.get("naam")).first()


class UserResource(_AtomicResource):
    """One row: one user and one role at one organisation. A user with two roles
    has two rows; an existing user keeps their other memberships."""

    email = fields.Field(attribute="email", column_name="email")
    first_name = fields.Field(attribute="first_name", column_name="voornaam")
    last_name = fields.Field(attribute="last_name", column_name="achternaam")

    class Meta:
        model = User
        fields = ("email", "first_name", "last_name")
        import_id_fields = ("email",)
        clean_model_instances = True
        skip_unchanged = False

    keep_when_blank = ("voornaam", "achternaam")

    def before_import_row(self, row, **kwargs):
        row["email"] = str(row.get("email") or "").strip().lower()
        for column in ("voornaam", "achternaam", "organisatie", "rol"):
            row[column] = str(row.get(column) or "").strip()

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is None:
            instance.set_unusable_password()  # the owner sets one through the activation link
        super().import_instance(instance, row, **kwargs)
        errors = {}
        try:
            role = choice_code(row.get("rol"), Role.choices, _("rol"))
        except ValueError as error:
            errors["rol"] = str(error)
            role = None
        try:
            organisation = find_organisation(row.get("organisatie"), list(Organisation.Kind))
        except ValueError as error:
            errors["organisatie"] = str(error)
            organisation = None
        if role and organisation:
            membership = Membership(organisation=organisation, role=role)
            try:
                membership.clean()
            except ValidationError as error:
                errors["rol"] = " ".join(error.messages)
        if (
            self.user is not None
            and not self.user.is_superuser
            and row.get("email") == self.user.email.lower()
            and role in PUPIL_DATA_ROLES
        ):
            errors["rol"] = _(
                "Je kunt jezelf geen rol geven waarmee je leerlinggegevens ziet. "
                "Vraag een andere beheerder."
            )
        if errors:
            raise ValidationError(errors)
        instance._import_membership = (organisation, role)

    def after_save_instance(self, instance, row, **kwargs):
        organisation, role = instance._import_membership
        _membership, created = Membership.objects.get_or_create(
            organisation=organisation, user=instance, role=role
        )
        if created:
            role_log.record(
                self.user, organisation.name, instance.pk, SecurityEvent.Kind.ROLE_ADDED, role
            )


class ConsulentAssignmentResource(_AtomicResource):
    consulent = fields.Field(
        attribute="consulent", column_name="consulent", widget=ConsulentWidget()
    )
    school = fields.Field(attribute="school", column_name="school", widget=SchoolWidget())

    class Meta:
        model = ConsulentAssignment
        fields = ("consulent", "school")
        import_id_fields = ("consulent", "school")
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True


@dataclass(frozen=True)
class Importer:
    label: str
    columns: tuple  # the first is the row's name in the preview
    required: tuple
    permissions: tuple
    resource: type
    help: str = ""


importers = Registry("imports")
importers.register(
    "organisaties",
    Importer(
        label=gettext_lazy("Organisaties (besturen, scholen, externe organisaties)"),
        columns=(
            *("naam", "soort", "brin", "schooltype"),
            *("licentienaam", "bestuur", "email", "actief"),
        ),
        required=("soort", "naam"),
        permissions=("accounts.add_organisation", "accounts.change_organisation"),
        resource=OrganisationResource,
        help=gettext_lazy(
            "Soort: bestuur, school of extern. Een school heeft een BRIN-code, een schooltype "
            "(bao, sbo, so, vso, vo of extern) en een bestuur (de naam van het bestuur; een "
            "bestuur hoger in hetzelfde bestand mag). Een licentienaam hebben alleen scholen "
            "en externe organisaties."
        ),
    ),
)
importers.register(
    "gebruikers",
    Importer(
        label=gettext_lazy("Gebruikers met hun rol"),
        columns=("email", "voornaam", "achternaam", "organisatie", "rol"),
        required=("email", "organisatie", "rol"),
        permissions=("accounts.add_user", "accounts.change_user", "accounts.change_organisation"),
        resource=UserResource,
        help=gettext_lazy(
            "Eén regel per rol. Organisatie: BRIN-code of naam. Nieuwe gebruikers krijgen geen "
            "wachtwoord: stuur ze daarna een activatielink."
        ),
    ),
)
importers.register(
    "consulenten",
    Importer(
        label=gettext_lazy("Consulenten van scholen"),
        columns=("consulent", "school"),
        required=("consulent", "school"),
        permissions=("accounts.change_organisation",),
        resource=ConsulentAssignmentResource,
        help=gettext_lazy("Consulent: e-mailadres; school: BRIN-code of naam."),
    ),
)


def read_dataset(content, importer):
    """A tablib dataset from the uploaded bytes, CSV or XLSX decided on content."""
    return read_columns(content, importer.columns, importer.required)


def read_columns(content, columns, required):
    """The dataset with lower-case headers, the ``required`` ones present, every one of
    ``columns`` there (empty where the file has none), at most ``MAX_ROWS`` rows."""
    dataset = read_tabular(content)
    headers = [str(h or "").strip().lower() for h in dataset.headers or []]
    missing = [column for column in required if column not in headers]
    if missing:
        raise ImportFileError(
            _("Deze kolommen ontbreken in de eerste regel: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    if dataset.height > MAX_ROWS:
        raise ImportFileError(_("Hooguit %(max)s regels per bestand.") % {"max": MAX_ROWS})
    dataset.headers = headers
    for column in columns:
        if column not in headers:
            dataset.append_col([""] * dataset.height, header=column)
    return dataset


def run_import(key, content, user, dry_run=True):
    """Import the file (or only preview it); returns the import-export result."""
    importer = importers[key]
    dataset = read_dataset(content, importer)
    return import_atomically(importer.resource(user=user), dataset, dry_run=dry_run)


def import_atomically(resource, dataset, dry_run=True):
    """All or nothing: the whole dataset runs in one transaction that is rolled back
    for a dry run and whenever any row has an error. ``result.committed`` says which."""
    result = None
    try:
        with transaction.atomic():
            result = resource.import_data(
                dataset, dry_run=False, raise_errors=False, use_transactions=False
            )
            if dry_run or result.has_errors() or result.has_validation_errors():
                raise _Rollback
    except _Rollback:
        pass
    result.committed = not dry_run and not (result.has_errors() or result.has_validation_errors())
    return result


def preview_rows(result, key=None, name_column=None):
    """Rows of the result as plain dicts for the preview table, with Dutch errors; a
    row is named by its ``name_column`` (by default the importer's first column)."""
    name_column = name_column or importers[key].columns[0]
    labels = {
        "new": _("nieuw"),
        "update": _("bestaand, bijgewerkt"),
        "skip": _("ongewijzigd"),
        "error": _("fout"),
        "invalid": _("fout"),
    }
    rows = []
    for number, row in enumerate(result.rows, 2):  # line 1 holds the column names
        errors = [_("Onverwachte fout bij deze regel.") for _error in row.errors]
        if row.validation_error is not None:
            for field, messages in row.validation_error.message_dict.items():
                prefix = "" if field == "__all__" else f"{field}: "
                errors += [prefix + message for message in messages]
        name = row.row_values.get(name_column) if row.row_values else ""
        rows.append(
            {
                "number": number,
                "kind": labels.get(row.import_type, row.import_type),
                "name": name or row.object_repr or "",
                "errors": errors,
            }
        )
    return rows
