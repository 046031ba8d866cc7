"""Importing an existing subscriber list (CSV or XLSX) with django-import-export.

The file type is decided on its content, not its name. Columns: ``email`` (also
``e-mail``/``e-mailadres``) and optionally ``naam``/``name``. Every imported
address lands on the chosen lists as *pending* and gets a confirmation mail,
unless the beheerder records where the consent was given; then it is active
straight away and the note is the proof. Addresses that unsubscribed earlier
stay unsubscribed.
"""

from django.utils.translation import gettext as _
from import_export import fields, resources

from accounts.imports.tabular import ImportFileError, read_tabular

from . import subscriptions as subscriptions
from .models import Subscriber

HEADER_ALIASES = {
    "email": "email",
    "e-mail": "email",
    "e-mailadres": "email",
    "emailadres": "email",
    "mail": "email",
    "naam": "naam",
    "name": "naam",
}


class SubscriberResource(resources.ModelResource):
    email = fields.Field(attribute="email", column_name="email")
    name = fields.Field(attribute="name", column_name="naam")

    class Meta:
        model = Subscriber
        fields = ("email", "name")
        import_id_fields = ("email",)
        clean_model_instances = True
        use_transactions = True
        report_skipped = True

    def __init__(self, lists=(), consent_note="", user=None):
        super().__init__()
        self.lists = list(lists)
        self.consent_note = consent_note.strip()
        self.user = user
        self.to_confirm = []

    def before_import_row(self, row, **kwargs):
        row["email"] = subscriptions.normalise_email(row.get("email"))
        row["naam"] = (row.get("naam") or "").strip()

    def import_instance(self, instance, row, **kwargs):
        # Keep a known name when the file has none.
        if not row.get("naam") and instance.pk:
            row["naam"] = instance.name
        super().import_instance(instance, row, **kwargs)

    def after_save_instance(self, instance, row, **kwargs):
        if self.consent_note:
            subscriptions.record_imported_consent(
                instance, self.lists, self.consent_note, self.user
            )
        elif subscriptions.request_imported(instance, self.lists):
            self.to_confirm.append(instance.pk)


def read_dataset(content):
    """A tablib dataset from the uploaded bytes, CSV or XLSX decided on content."""
    dataset = read_tabular(content)
    headers = [
        HEADER_ALIASES.get(str(h or "").strip().lower(), str(h or "")) for h in dataset.headers
    ]
    if "email" not in headers:
        raise ImportFileError(_("Er is geen kolom ‘email’ gevonden in de eerste regel."))
    dataset.headers = headers
    if "naam" not in headers:
        dataset.append_col([""] * dataset.height, header="naam")
    return dataset


def run_import(content, lists, consent_note="", user=None, dry_run=True):
    """Import (or with ``dry_run`` only preview) the file. Returns (result, resource)."""
    dataset = read_dataset(content)
    resource = SubscriberResource(lists=lists, consent_note=consent_note, user=user)
    result = resource.import_data(dataset, dry_run=dry_run, raise_errors=False)
    return result, resource


def preview_rows(result):
    """Rows of the import result as plain dicts for the preview table."""
    labels = {
        "new": _("nieuw"),
        "update": _("bestaand, bijgewerkt"),
        "skip": _("overgeslagen"),
        "error": _("fout"),
        "invalid": _("ongeldig"),
    }
    rows = []
    for number, row in enumerate(result.rows, 1):
        errors = [_("Onverwachte fout bij deze regel.") for _error in row.errors]
        if row.validation_error is not None:
            errors += [
                " ".join(messages) for messages in row.validation_error.message_dict.values()
            ]
        rows.append(
            {
                "number": number,
                "kind": labels.get(row.import_type, row.import_type),
                "email": row.object_repr or row.row_values.get("email", ""),
                "errors": errors,
            }
        )
    return rows
