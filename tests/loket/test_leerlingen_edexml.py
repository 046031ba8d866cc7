"""The pupil import reads EDEXML too (issue 31): the export every Dutch school administration has.

The file is untrusted XML holding far more than the portal may keep (BSN, address,
ethnicity, teachers). What must hold: only key, name, date of birth and groep are
kept; an XXE or entity bomb is refused; a file that is not EDEXML gets a Dutch 400
that names the problem; otherwise it is the CSV import's flow (preview, confirm,
all or nothing, re-import updates, absent pupils marked left). Names are fictional.
"""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.imports.tabular import ImportFileError
from loket.leerlingen import edexml
from loket.models import Leerling
from tests.loket.test_leerlingen import confirm

pytestmark = pytest.mark.django_db

BSN = "999990019"  # a test BSN (it passes the elfproef), never a real child's

GROEPEN = """
    <groepen>
        <groep key="G5A"><naam>Groep 5a</naam><jaargroep>5</jaargroep>
            <toevoegingen><blok xsi:type="LeverancierBlokType"><code>x</code></blok></toevoegingen>
        </groep>
        <samengestelde_groep key="SG1"><naam>Plusklas</naam></samengestelde_groep>
        <groep key="G6B"><naam>Groep 6b</naam><jaargroep>6</jaargroep></groep>
    </groepen>"""


def pupil(key, roepnaam, achternaam, born, groep="G5A", voorvoegsel="", bsn=BSN):
    prefix = f"<voorvoegsel>{voorvoegsel}</voorvoegsel>" if voorvoegsel else ""
    return f"""
        <leerling key="{key}" eckid="https://id.school/LL_{key}">
            <achternaam>{achternaam}</achternaam>{prefix}
            <voornamen>{roepnaam} Maria</voornamen>
            <roepnaam>{roepnaam}</roepnaam>
            <geboortedatum>{born}</geboortedatum>
            <geslacht>2</geslacht>
            <jaargroep>5</jaargroep>
            <groep key="{groep}"/>
            <samengestelde_groepen><samengestelde_groep key="SG1"/></samengestelde_groepen>
            <vestiging key="HOOFD"/>
            <emailadres>{roepnaam.lower()}@example.org</emailadres>
            <land>6030</land>
            <bsn>{bsn}</bsn>
            <postcodenl>1234AB</postcodenl>
        </leerling>"""


def edex(*pupils, groepen=GROEPEN, head='<?xml version="1.0" encoding="UTF-8"?>\n', year=None):
    year = year or timezone.localdate().year
    return f"""{head}<EDEX xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:noNamespaceSchemaLocation="EDEXML.structuur.xsd">
    <school>
        <schooljaar>{year}-{year + 1}</schooljaar>
        <brincode>99ZZ</brincode>
        <xsdversie>2.1</xsdversie>
    </school>
    <vestigingen><vestiging key="HOOFD"><naam>Hoofdlocatie</naam></vestiging></vestigingen>
    {groepen}
    <leerlingen>{"".join(pupils)}
    </leerlingen>
    <leerkrachten>
        <leerkracht key="LK1"><achternaam>Meester</achternaam><roepnaam>Bram</roepnaam></leerkracht>
    </leerkrachten>
</EDEX>""".encode()


ZOE = pupil("1001", "Zoë", "Vries", "2016-03-12", voorvoegsel="de")
DAAN = pupil("1002", "Daan", "Bakker", "2015-07-01", groep="G6B")


def upload(content, name="edexml.xml"):
    return SimpleUploadedFile(name, content, "application/xml")


def preview(client, school, content, name="edexml.xml"):
    return client.post(
        "/loket/leerlingen/importeren/", {"school": school.pk, "file": upload(content, name)}
    )


def test_an_edexml_export_is_previewed_then_imported_with_the_groep_names(school_client, school_a):
    response = preview(school_client, school_a, edex(ZOE, DAAN))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Nieuw: 2" in body and "Zoë de Vries" in body
    assert not Leerling.objects.exists()  # a preview saves nothing
    assert confirm(school_client, response).status_code == 302
    pupils = {p.leerlingnummer: p for p in Leerling.objects.filter(school=school_a)}
    assert pupils["1001"].naam == "Zoë de Vries"
    assert pupils["1001"].geboortedatum == datetime.date(2016, 3, 12)
    assert pupils["1001"].groep == "Groep 5a"
    assert pupils["1002"].groep == "Groep 6b"


def test_the_file_is_recognised_by_its_content_not_its_name(school_client, school_a):
    response = preview(school_client, school_a, edex(ZOE), name="export.csv")
    assert response.status_code == 200
    assert "Nieuw: 1" in response.content.decode()


def test_a_reimport_updates_never_duplicates_and_marks_who_left(school_client, school_a):
    confirm(school_client, preview(school_client, school_a, edex(ZOE, DAAN)))
    # Next year: Zoë is in groep 6b, Daan has left, Fenna is new.
    zoe_next_year = pupil("1001", "Zoë", "Vries", "2016-03-12", groep="G6B", voorvoegsel="de")
    fenna = pupil("1003", "Fenna", "Jansen", "2017-01-20")
    response = preview(school_client, school_a, edex(zoe_next_year, fenna))
    body = response.content.decode()
    assert "Nieuw: 1 · bijwerken: 1 · vertrokken: 1" in body
    assert "Daan Bakker" in body
    confirm(school_client, response)
    assert Leerling.objects.filter(school=school_a).count() == 3
    zoe = Leerling.objects.get(leerlingnummer="1001")
    assert zoe.groep == "Groep 6b" and zoe.vertrokken_op is None
    assert Leerling.objects.get(leerlingnummer="1002").vertrokken_op is not None
    assert Leerling.objects.get(leerlingnummer="1003").vertrokken_op is None


def test_the_bsn_and_everything_else_are_not_kept(school_client, school_a):
    """Data minimisation: nothing but key, name, date of birth and groep survives."""
    response = preview(school_client, school_a, edex(ZOE))
    body = response.content.decode()
    for secret in (BSN, "1234AB", "zoë@example.org", "LL_1001", "Maria", "Meester"):
        assert secret not in body
    confirm(school_client, response)
    stored = str(list(Leerling.objects.values()))
    for secret in (BSN, "1234AB", "zoë@example.org", "LL_1001", "Maria", "Hoofdlocatie"):
        assert secret not in stored
    assert "Plusklas" not in stored  # a samengestelde groep is not the pupil's groep


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE EDEX [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>
<EDEX><school><schooljaar>2026-2027</schooljaar></school>
<leerlingen><leerling key="1"><roepnaam>&geheim;</roepnaam></leerling></leerlingen></EDEX>"""

LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE EDEX [<!ENTITY a "hahahahahahahahahaha">
<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
<!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;"><!ENTITY e "&d;&d;&d;&d;&d;&d;&d;&d;&d;&d;">
<!ENTITY f "&e;&e;&e;&e;&e;&e;&e;&e;&e;&e;"><!ENTITY g "&f;&f;&f;&f;&f;&f;&f;&f;&f;&f;">]>
<EDEX><school><schooljaar>2026-2027</schooljaar></school>
<leerlingen><leerling key="1"><roepnaam>&g;</roepnaam></leerling></leerlingen></EDEX>"""


@pytest.mark.parametrize("content", [XXE, LAUGHS], ids=["xxe", "billion-laughs"])
def test_a_file_with_entity_declarations_is_refused(school_client, school_a, content):
    response = preview(school_client, school_a, content)
    assert response.status_code == 400
    body = response.content.decode()
    assert "DOCTYPE-declaratie" in body and "om veiligheidsredenen geweigerd" in body
    assert "root:" not in body
    assert not Leerling.objects.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (edex(ZOE)[:-40], "Dit XML-bestand is beschadigd of onvolledig (regel"),
        (
            b"<html><body>Geen export</body></html>",
            "Dit is geen EDEXML-bestand: het hoofdelement is &lt;html&gt; in plaats van",
        ),
        (
            b"<EDEX><school><schooljaar>2026-2027</schooljaar></school></EDEX>",
            "Dit is geen EDEXML-bestand: het element &lt;leerlingen&gt; ontbreekt.",
        ),
        (
            b"<EDEX><leerlingen/></EDEX>",
            "Dit is geen EDEXML-bestand: het element &lt;school&gt; ontbreekt.",
        ),
        (
            edex(pupil("1", "Sem", "Visser", "12-03-2016")),
            "element &lt;geboortedatum&gt;): de waarde is ongeldig",
        ),
        (
            edex(pupil("1", "Sem", "Visser", "2016-03-12", groep="G9Z")),
            "de groep waar de leerling naar verwijst staat niet in &lt;groepen&gt;",
        ),
        (
            edex(
                pupil("1", "Sem", "Visser", "2016-03-12"), pupil("1", "Mila", "Smit", "2016-01-02")
            ),
            "dezelfde key staat twee keer in het bestand",
        ),
    ],
    ids=["broken", "not-edexml", "no-leerlingen", "no-school", "bad-date", "bad-groep", "dup-key"],
)
def test_a_wrong_file_gets_a_dutch_400_naming_the_problem(
    school_client, school_a, content, message
):
    response = preview(school_client, school_a, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Leerling.objects.exists()


def test_a_pupil_without_a_usable_date_of_birth_is_a_row_error_and_nothing_is_imported(
    school_client, school_a
):
    no_date = pupil("1003", "Fenna", "Jansen", "").replace("<geboortedatum></geboortedatum>", "")
    far_future = pupil("1004", "Sem", "Visser", "12016-03-12")  # a valid xs:date all the same
    response = preview(school_client, school_a, edex(ZOE, no_date, far_future))
    assert response.status_code == 400
    assert response.content.decode().count("Geen geldige geboortedatum") == 2
    assert "confirm_form" not in response.context
    assert not Leerling.objects.exists()


# Unit tests of the reader itself.


def test_rows_are_the_csv_imports_row_dicts():
    assert edexml.rows(edex(ZOE)) == [
        {
            "leerlingnummer": "1001",
            "naam": "",
            "roepnaam": "Zoë",
            "tussenvoegsel": "de",
            "achternaam": "Vries",
            "geboortedatum": datetime.date(2016, 3, 12),
            "groep": "Groep 5a",
        }
    ]


def test_a_pupil_with_only_a_roepnaam_and_no_groepen_is_read():
    content = (
        b"<EDEX><school><schooljaar>2025-2026</schooljaar></school><leerlingen>"
        b'<leerling key="7"><roepnaam>Wimpie</roepnaam>'
        b"<geboortedatum>2016-06-21+02:00</geboortedatum></leerling></leerlingen></EDEX>"
    )
    (row,) = edexml.rows(content)
    assert (row["roepnaam"], row["achternaam"], row["groep"]) == ("Wimpie", "", "")
    assert row["geboortedatum"] == datetime.date(2016, 6, 21)


def test_the_current_school_year_is_valid_though_the_2017_schema_stops_at_2024():
    year = timezone.localdate().year
    assert edexml.rows(edex(ZOE, year=year))
    with pytest.raises(ImportFileError, match="schooljaar"):
        edexml.rows(edex(ZOE, year=year + 5))


def test_xml_is_recognised_by_its_first_bytes():
    assert edexml.looks_like_xml(b"\xef\xbb\xbf  \n<?xml version='1.0'?><EDEX/>")
    assert edexml.looks_like_xml(b"<EDEX/>")
    assert not edexml.looks_like_xml(b"leerlingnummer;naam\n1;Zoe\n")


def test_an_oversized_file_is_refused_before_parsing():
    with pytest.raises(ImportFileError, match="groter dan 5 MB"):
        edexml.rows(b"<EDEX>" + b" " * (5 * 1024 * 1024) + b"</EDEX>")


def test_a_doctype_in_utf16_is_refused_too():
    """The byte search before parsing cannot read UTF-16; the parsed file's DTD is checked."""
    content = XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"')
    with pytest.raises(ImportFileError, match="DOCTYPE-declaratie"):
        edexml.rows(content.encode("utf-16"))
