"""The orphan sweep (``manage.py bestanden_opruimen``): files in either storage that
no row refers to, older than the grace period, go with ``--uitvoeren`` only. Every
kind of stored file counts as referenced without being named in the sweep: loket
bijlagen, Wagtail images with their renditions, Wagtail documents. On the file
system of the test settings and on the local S3 server."""

import datetime
import io
import os
import time

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file

from cms.files import sweep
from cms.models import PendingFileDeletion
from tests.loket.helpers import make_aanvraag

pytestmark = pytest.mark.django_db


def age(alias, name, hours):
    path = storages[alias].path(name)
    moment = time.time() - hours * 3600
    os.utime(path, (moment, moment))


@pytest.fixture
def stored(users, school_a):
    """Referenced files of every kind, all two days old, plus orphans old and young."""
    aanvraag = make_aanvraag(school_a, users["school_a"])
    image = Image.objects.create(title="Foto", file=get_test_image_file())
    rendition = image.get_rendition("width-100")
    document = Document.objects.create(title="Handleiding", file=ContentFile(b"%PDF-1.4", "h.pdf"))
    referenced = {
        "private": {b.file.name for b in aanvraag.bijlagen.all()},
        "default": {image.file.name, rendition.file.name, document.file.name},
    }
    old = {
        "private": storages["private"].save("loket/2020/01/weesbestand", ContentFile(b"x")),
        "default": storages["default"].save("documents/wees.pdf", ContentFile(b"x")),
    }
    young = storages["private"].save("account-imports/" + "a" * 32, ContentFile(b"x"))
    for alias, names in referenced.items():
        for name in names:
            age(alias, name, 48)
    for alias, name in old.items():
        age(alias, name, 48)
    age("private", young, 2)
    return referenced, old, young


def test_dry_run_lists_counts_and_deletes_nothing(stored):
    referenced, old, young = stored
    found = sweep.orphans()
    assert found == {"private": [old["private"]], "default": [old["default"]]}
    out = io.StringIO()
    call_command("bestanden_opruimen", stdout=out)
    text = out.getvalue()
    assert "Opslag private: 1 zou worden verwijderd (loket: 1)" in text
    assert "Opslag default: 1 zou worden verwijderd (documents: 1)" in text
    assert "Proefdraai" in text and "weesbestand" not in text
    for alias, name in old.items():
        assert storages[alias].exists(name)


def test_uitvoeren_deletes_only_old_orphans(stored, django_capture_on_commit_callbacks):
    referenced, old, young = stored
    with django_capture_on_commit_callbacks(execute=True):
        call_command("bestanden_opruimen", "--uitvoeren", stdout=io.StringIO())
    for alias, name in old.items():
        assert not storages[alias].exists(name)
    for alias, names in referenced.items():
        assert all(storages[alias].exists(name) for name in names)
    assert storages["private"].exists(young)  # younger than the grace period
    assert not PendingFileDeletion.objects.exists()  # deleted at once, nothing waits
    # A shorter grace period (one hour) reaches the waiting import of two hours.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("bestanden_opruimen", "--uitvoeren", "--uren", "1", stdout=io.StringIO())
    assert not storages["private"].exists(young)


def test_a_grace_period_under_an_hour_is_refused_in_dutch(stored):
    with pytest.raises(CommandError, match="minstens 1"):
        call_command("bestanden_opruimen", "--uitvoeren", "--uren", "0")
    assert storages["private"].exists(stored[1]["private"])


def test_the_sweep_knows_every_file_field_without_a_list():
    fields = {(model._meta.label, field.name) for model, field, _alias in sweep.file_fields()}
    assert {
        ("loket.Bijlage", "file"),
        ("loket.FormeelDocument", "file"),
        ("forms.FormSubmissionFile", "file"),
        ("wagtailimages.Image", "file"),
        ("wagtailimages.Rendition", "file"),
        ("wagtaildocs.Document", "file"),
    } <= fields


def test_the_sweep_on_s3(s3_storages, users, school_a, django_capture_on_commit_callbacks):
    s3, public, private = s3_storages
    aanvraag = make_aanvraag(school_a, users["school_a"])
    bijlage = aanvraag.bijlagen.get().file.name
    s3.put_object(Bucket=private, Key="loket/2020/01/wees", Body=b"x")
    s3.put_object(Bucket=public, Key="images/wees.png", Body=b"x")
    # Just stored: younger than the grace period, so nothing is an orphan yet.
    assert sweep.orphans() == {"private": [], "default": []}
    later = timezone.now() + datetime.timedelta(days=2)
    with django_capture_on_commit_callbacks(execute=True):
        found = sweep.sweep(now=later, execute=True)
    assert found == {"private": ["loket/2020/01/wees"], "default": ["images/wees.png"]}
    left = {o["Key"] for o in s3.list_objects_v2(Bucket=private).get("Contents", [])}
    assert left == {bijlage}
    assert not s3.list_objects_v2(Bucket=public).get("Contents")
