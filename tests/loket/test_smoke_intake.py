import re

from loket.lifecycle.intake import create_aanvraag_from_submission
from loket.models import Aanvraag, Bijlage, LogEntry, StatusChange
from tests.loket.helpers import PDF, make_aanvraag, submission


def test_intake_creates_leerling_dossier_aanvraag_and_files(
    loket_users, school_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    assert re.fullmatch(r"SWV-\d{4}-\d{6}", aanvraag.reference)
    assert aanvraag.status == Aanvraag.Status.INGEDIEND
    assert aanvraag.dossier.leerling.naam == "Sanne Testleerling"
    assert aanvraag.consulent == loket_users["consulent"]
    bijlage = Bijlage.objects.get(aanvraag=aanvraag)
    assert bijlage.file.read() == PDF
    assert "opp" not in bijlage.file.name
    assert StatusChange.objects.filter(aanvraag=aanvraag, to_status="ingediend").exists()
    assert LogEntry.objects.filter(aanvraag=aanvraag, action="ingediend").exists()
    assert [m.to for m in mailoutbox] == [["consulent@swv.example"]]
    assert "Sanne" not in mailoutbox[0].body


def test_second_aanvraag_same_pupil_reuses_dossier(loket_users, school_a):
    first = make_aanvraag(school_a, loket_users["school_a"])
    second = create_aanvraag_from_submission(
        submission(school_a, loket_users["school_a"], naam="sanne testleerling")
    )
    assert first.dossier_id == second.dossier_id
    assert first.reference != second.reference
