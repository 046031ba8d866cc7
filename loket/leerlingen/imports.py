"""A school's pupils from its administration's export (ParnasSys, ESIS, Magister, …).

The school exports its current pupils as CSV or Excel and uploads the whole list.
One row is one pupil; the columns (first line, any order, any case):

- ``leerlingnummer``: the school's own number; a re-import finds the pupil by it;
- ``naam``, or ``roepnaam`` + ``tussenvoegsel`` + ``achternaam`` as most exports have;
- ``geboortedatum``: ``31-12-2016``, ``2016-12-31`` or an Excel date;
- ``groep`` (optional).

Or the school uploads its EDEXML export (``loket.leerlingen.edexml``), recognised by
its content: the same fields, read from the XML into the same rows.

Nothing else is read, also when the file has more columns (data minimisation).
A row without a number is matched by name key and date of birth
(``loket.leerlingen.matching``). Re-importing updates, never duplicates. A current
pupil of the school who is not in the file has left: marked ``vertrokken_op``,
never deleted (their dossier stays). The run is all or nothing, the preview is
the same run rolled back (``accounts.imports.resources.import_atomically``).
"""

import datetime

import tablib
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from accounts.imports.resources import import_atomically, preview_rows, read_columns
from loket.leerlingen import edexml
from loket.leerlingen.schooljaren import place_many, school_year
from loket.models import Leerling
from loket.names import name_key

COLUMNS = ("naam", "leerlingnummer", "geboortedatum", "groep", "roepnaam", "tussenvoegsel")
COLUMNS += ("achternaam",)
REQUIRED = ("geboortedatum",)
DATE_FORMATS = ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y")


class DutchDateWidget(widgets.Widget):
    """A date as Dutch administrations write it, or as Excel stores it."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        text = str(value or "").strip()
        for pattern in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(_("Geen geldige geboortedatum: schrijf bijvoorbeeld 31-12-2016."))

    def render(self, value, obj=None, **kwargs):
        return value.strftime("%d-%m-%Y") if value else ""


class LeerlingResource(resources.ModelResource):
    leerlingnummer = fields.Field(attribute="leerlingnummer", column_name="leerlingnummer")
    naam = fields.Field(attribute="naam", column_name="naam")
    geboortedatum = fields.Field(
        attribute="geboortedatum", column_name="geboortedatum", widget=DutchDateWidget()
    )
    groep = fields.Field(attribute="groep", column_name="groep")

    class Meta:
        model = Leerling
        fields = ("leerlingnummer", "naam", "geboortedatum", "groep")
        import_id_fields = ()
        clean_model_instances = True  # without the uniqueness queries: validate_instance
        skip_unchanged = False

    def __init__(self, school, today=None):
        super().__init__()
        self.school = school
        self.today = today or timezone.localdate()
        self.year = school_year(self.today)
        self.seen = set()  # pks of the pupils in the file
        self.keys = set()  # numbers and name keys already in the file
        self.left = []
        self.groepen = {}  # pk -> this school year's groep, written once after the rows
        # The school's register read once (one query instead of two per row): by the
        # school's own number, and by name key and date of birth for rows without one.
        # Descending pk, so the oldest pupil of a name wins, as ``find_pupil`` does.
        pupils = list(Leerling.objects.filter(school=school).order_by("-pk"))
        self.by_number = {p.leerlingnummer: p for p in pupils if p.leerlingnummer}
        self.by_key = {(p.naam_sleutel, p.geboortedatum): p for p in pupils}
        self.by_key_unnumbered = {
            (p.naam_sleutel, p.geboortedatum): p for p in pupils if not p.leerlingnummer
        }
        self.original = {p.pk: (p.groep, p.schooljaar) for p in pupils}

    def before_import_row(self, row, **kwargs):
        for column in COLUMNS:
            if column != "geboortedatum":  # may be an Excel date: the widget reads it
                row[column] = str(row.get(column) or "").strip()
        if not row["naam"]:
            parts = (row["roepnaam"], row["tussenvoegsel"], row["achternaam"])
            row["naam"] = " ".join(part for part in parts if part)
        row["naam"] = row["naam"][:200]
        row["groep"] = row["groep"][:50]

    def get_instance(self, instance_loader, row):
        number = row["leerlingnummer"]
        if number and number in self.by_number:
            return self.by_number[number]
        try:
            born = DutchDateWidget().clean(row.get("geboortedatum"))
        except ValueError:
            return None
        key = (name_key(row["naam"]), born)
        if number:  # a row with a number only takes a pupil who has none yet
            return self.by_key_unnumbered.get(key)
        return self.by_key.get(key)

    def init_instance(self, row=None):
        return Leerling(school=self.school)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's field checks, without its per-row queries: a number already in
        the register is that pupil (``get_instance``), a number twice in the file is
        refused (``before_save_instance``), and the school is the one importing."""
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(
                exclude={*errors, "school"}, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def before_save_instance(self, instance, row, **kwargs):
        number, key = instance.leerlingnummer, (name_key(instance.naam), instance.geboortedatum)
        if (number and number in self.keys) or key in self.keys:
            raise ValidationError({"__all__": [_("Deze leerling staat twee keer in het bestand.")]})
        self.keys.update({number, key} - {""})
        instance.vertrokken_op = None
        groep, year = self.original.get(instance.pk, (instance.groep, None))
        if year is not None and year > self.year:  # already moved on (schooljaarovergang)
            instance.groep = groep
        elif instance.groep:
            instance.schooljaar = self.year

    def after_save_instance(self, instance, row, **kwargs):
        self.seen.add(instance.pk)
        if instance.groep and instance.schooljaar == self.year:
            self.groepen[instance.pk] = instance.groep

    def after_import(self, dataset, result, **kwargs):
        """This year's groepen in two queries; who is not in the file has left:
        marked, not deleted."""
        place_many(self.groepen, self.year)
        gone = Leerling.objects.filter(school=self.school, vertrokken_op__isnull=True).exclude(
            pk__in=self.seen
        )
        self.left = list(gone.order_by("naam").values_list("naam", flat=True))
        gone.update(vertrokken_op=self.today)


def read_dataset(content):
    """The upload as a dataset of ``COLUMNS``: EDEXML when it is XML, else CSV or Excel."""
    if not edexml.looks_like_xml(content):
        return read_columns(content, COLUMNS, REQUIRED)
    dataset = tablib.Dataset(headers=list(COLUMNS))
    for row in edexml.rows(content):
        dataset.append([row[column] for column in COLUMNS])
    return dataset


def run(school, content, dry_run=True):
    """Import (or preview) a school's pupil list; returns ``(result, rows, left)``."""
    dataset = read_dataset(content)
    resource = LeerlingResource(school)
    result = import_atomically(resource, dataset, dry_run=dry_run)
    rows = preview_rows(result, name_column="naam")
    if edexml.looks_like_xml(content):  # no header line: number the pupils from 1
        for number, row in enumerate(rows, 1):
            row["number"] = number
    return result, rows, resource.left
