"""A school's pupils from an EDEXML file, the standard export of Dutch school administrations.

EDEXML 2.1 (Edustandaard) is what ParnasSys, ESIS and the others export for
educational software: ``<EDEX>`` with ``<school>``, ``<groepen>`` and
``<leerlingen>``. ``rows`` turns it into the same row dicts the CSV import reads,
so the preview, the confirmation and all-or-nothing are the CSV import's
(``loket.leerlingen.imports``).

Why it is read the way it is:

- The upload is untrusted XML: lxml without entity expansion, DTD loading or
  network, and any DOCTYPE is refused outright (XXE, billion laughs). EDEXML
  never has one.
- Data minimisation first: before anything else the tree is cut down to the
  pupil's key, names, date of birth and groep reference. The BSN, address,
  ethnicity, teachers and the vendors' ``toevoegingen`` are dropped unread.
- What is kept is validated against the published schema (``edexml_schema/``),
  so a wrong date or a groep reference that points nowhere is a clear error,
  while a code list we never read (countries, roles) cannot refuse the file.
- The schema enumerates the school years and the 2.1 files stop at 2024-2025;
  Edustandaard extends that list over time, so the years up to next year are
  added when the schema is loaded (``_SchemaFiles``).
"""

import datetime
import re
import threading
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from lxml import etree

from accounts.imports.resources import MAX_ROWS
from accounts.imports.tabular import MAX_IMPORT_BYTES, ImportFileError

SCHEMA_DIR = Path(__file__).with_name("edexml_schema")
XS = "{http://www.w3.org/2001/XMLSchema}"
# A pupil's elements that are read; every other child of <leerling> is removed unread.
KEPT = ("achternaam", "voorvoegsel", "voornamen", "roepnaam", "geboortedatum", "groep")
DROPPED_SECTIONS = ("vestigingen", "leerkrachten")
DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def looks_like_xml(content):
    """Decided on the content, not the file name: an XML file starts with ``<``."""
    return content.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") or content.startswith(
        (b"\xff\xfe", b"\xfe\xff")
    )


class _SchemaFiles(etree.Resolver):
    """Serves the vendored schema files, the school-year list extended (see the module)."""

    def resolve(self, url, pubid, context):
        path = SCHEMA_DIR / url.replace("\\", "/").rsplit("/", 1)[-1]
        if path.parent != SCHEMA_DIR or not path.is_file():
            return None  # and no_network: nothing else is fetched
        tree = etree.parse(str(path), _parser())
        years = tree.find(f".//{XS}simpleType[@name='EDEXSchooljaarType']/{XS}restriction")
        if years is not None:
            known = {node.get("value") for node in years}
            for start in range(2020, timezone.localdate().year + 2):
                if f"{start}-{start + 1}" not in known:
                    etree.SubElement(years, f"{XS}enumeration", value=f"{start}-{start + 1}")
        return self.resolve_string(etree.tostring(tree), context)


def _parser(resolvers=False):
    parser = etree.XMLParser(
        resolve_entities=False,
        load_dtd=False,
        no_network=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    if resolvers:
        parser.resolvers.add(_SchemaFiles())
    return parser


_loaded = threading.local()


def schema():
    """The EDEXML 2.1 schema from the vendored files, loaded once per thread: a validator
    keeps its last errors in ``error_log``, so threads must not share one."""
    if not hasattr(_loaded, "schema"):
        path = str(SCHEMA_DIR / "EDEXML.structuur.xsd")
        _loaded.schema = etree.XMLSchema(etree.parse(path, _parser(resolvers=True)))
    return _loaded.schema


def _doctype():
    return ImportFileError(
        _(
            "Dit bestand bevat een DOCTYPE-declaratie (bijvoorbeeld entiteiten). Dat hoort "
            "niet in EDEXML en wordt om veiligheidsredenen geweigerd."
        )
    )


def _not_edexml(element):
    return ImportFileError(
        _("Dit is geen EDEXML-bestand: het element <%(element)s> ontbreekt.") % {"element": element}
    )


def _parse(content):
    if not content:
        raise ImportFileError(_("Het bestand is leeg."))
    if len(content) > MAX_IMPORT_BYTES:
        raise ImportFileError(_("Het bestand is groter dan 5 MB."))
    if DECLARATION.search(content):  # before libxml2 sees it (an entity bomb is refused unread)
        raise _doctype()
    try:
        root = etree.fromstring(content, _parser())
    except etree.XMLSyntaxError as error:
        raise ImportFileError(
            _("Dit XML-bestand is beschadigd of onvolledig (regel %(line)s). Exporteer opnieuw.")
            % {"line": error.lineno or 1}
        ) from error
    info = root.getroottree().docinfo
    if info.internalDTD is not None or info.externalDTD is not None or info.doctype:
        raise _doctype()  # in an encoding the byte search above does not read (UTF-16)
    if not isinstance(root.tag, str) or root.tag != "EDEX":
        name = etree.QName(root).localname if isinstance(root.tag, str) else "?"
        raise ImportFileError(
            _("Dit is geen EDEXML-bestand: het hoofdelement is <%(found)s> in plaats van <EDEX>.")
            % {"found": name}
        )
    for required in ("school", "leerlingen"):
        if root.find(required) is None:
            raise _not_edexml(required)
    if root.find("leerlingen/leerling") is None:
        raise _not_edexml("leerling")
    return root


def _minimise(root):
    """Drop, unread, everything the portal does not keep (see the module)."""
    for node in list(root.iter("toevoegingen")):
        node.getparent().remove(node)
    for section in DROPPED_SECTIONS:
        for node in root.findall(section):
            root.remove(node)
    for pupil in root.iterfind("leerlingen/leerling"):
        for attribute in set(pupil.attrib) - {"key"}:
            del pupil.attrib[attribute]  # the eckid, a pseudonymous id of the child
        for child in list(pupil):
            if child.tag not in KEPT:
                pupil.remove(child)


def _reason(entry):
    """The schema error in Dutch: libxml2 only speaks English."""
    kind, text = entry.type_name, entry.message
    if "Duplicate key-sequence" in text:
        return _("dezelfde key staat twee keer in het bestand")
    if "No match found for key-sequence" in text:
        return _("de groep waar de leerling naar verwijst staat niet in <groepen>")
    if kind == "SCHEMAV_CVC_COMPLEX_TYPE_4" or "is required but missing" in text:
        return _("een verplicht attribuut (zoals key) ontbreekt")
    if kind == "SCHEMAV_ELEMENT_CONTENT" or "is not expected" in text or "Missing child" in text:
        return _("een element staat op een onverwachte plek of een verplicht element ontbreekt")
    if kind.startswith(("SCHEMAV_CVC_DATATYPE", "SCHEMAV_CVC_ENUMERATION", "SCHEMAV_CVC_PATTERN")):
        return _("de waarde is ongeldig (een datum schrijf je als 2016-12-31)")
    if kind.startswith(("SCHEMAV_CVC_LENGTH", "SCHEMAV_CVC_MAXLENGTH", "SCHEMAV_CVC_MINLENGTH")):
        return _("de waarde is te lang of te kort")
    return _("het bestand wijkt af van het schema")


def _validate(root):
    validator = schema()
    if validator.validate(root):
        return
    entry = validator.error_log[0]
    element = entry.message.split("'")[1] if entry.message.startswith("Element '") else "EDEX"
    raise ImportFileError(
        _(
            "Dit bestand voldoet niet aan EDEXML 2.1 (regel %(line)s, element <%(element)s>): "
            "%(reason)s."
        )
        % {"line": entry.line, "element": element, "reason": _reason(entry)}
    )


def _text(pupil, tag):
    return " ".join((pupil.findtext(tag) or "").split())


def _born(pupil):
    """A valid xs:date may carry a zone ("Z", "+01:00") or a year past 9999: the latter is
    passed on as text, so the import reports it as a bad date on the pupil's row."""
    text = _text(pupil, "geboortedatum")
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        return text


def rows(content):
    """The pupils as the CSV import's row dicts; ``ImportFileError`` in Dutch otherwise."""
    root = _parse(content)
    _minimise(root)
    _validate(root)
    pupils = root.findall("leerlingen/leerling")
    if len(pupils) > MAX_ROWS:
        raise ImportFileError(_("Hooguit %(max)s leerlingen per bestand.") % {"max": MAX_ROWS})
    groups = {group.get("key"): _text(group, "naam") for group in root.iterfind("groepen/groep")}
    found = []
    for pupil in pupils:
        reference = pupil.find("groep")
        first = _text(pupil, "roepnaam") or _text(pupil, "voornamen").partition(" ")[0]
        found.append(
            {
                "leerlingnummer": pupil.get("key", "").strip(),
                "naam": "",  # made from the parts by the import, as for a CSV
                "roepnaam": first,
                "tussenvoegsel": _text(pupil, "voorvoegsel"),
                "achternaam": _text(pupil, "achternaam"),
                "geboortedatum": _born(pupil),
                "groep": groups.get(reference.get("key"), "") if reference is not None else "",
            }
        )
    return found
