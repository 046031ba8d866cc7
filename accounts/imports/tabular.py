"""Reading an uploaded CSV or Excel file into a tablib dataset, for every import.

Used by the beheerder's imports (``accounts.imports.resources``) and by the newsletters' subscriber
import, which may use accounts (not the other way round). CSV or XLSX is decided
on the content, not the name; CSV in UTF-8 (with or without BOM) or Windows-1252,
separated by ``;`` or ``,`` as the first line shows (Dutch Excel writes ``;``). Each
import checks its own columns.
"""

from django.utils.translation import gettext as _
from import_export.formats.base_formats import CSV, XLSX

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ImportFileError(ValueError):
    """The upload is not a readable file of this kind; the message is for the user."""


def read_tabular(content):
    """A tablib dataset from the uploaded bytes; ``ImportFileError`` in Dutch otherwise."""
    if not content:
        raise ImportFileError(_("Het bestand is leeg."))
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("Het bestand is groter dan 5 MB."))
    try:
        if content.startswith(b"PK\x03\x04"):
            return XLSX().create_dataset(content)
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = content.decode("cp1252")
        if "\x00" in text:
            raise ImportFileError(_("Dit is geen CSV- of Excel-bestand."))
        first_line = text.split("\n", 1)[0]
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return CSV().create_dataset(text, delimiter=delimiter)
    except ImportFileError:
        raise
    except Exception as error:
        raise ImportFileError(_("Dit bestand kan niet gelezen worden als CSV of Excel.")) from error
