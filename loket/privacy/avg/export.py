"""AVG inzage export (art. 15): ask, build, download once, clean up.

- ``request_export`` records who asked for which pupil and enqueues the task
  with the export's id only (no personal data in a task payload);
- ``build_avg_export`` (a Django task) gathers everything (``loket.privacy.avg.collect``)
  and writes one ZIP to private storage: ``index.html`` (readable, in Dutch),
  ``index.pdf`` (the same, via ``cms.files.pdf``), ``gegevens.json`` (the same,
  machine-readable) and every bijlage;
- ``claim_download`` / ``stream_once`` hand the file to the requester once: the
  file is deleted after the first *complete* download (an aborted one may be
  retried), and is never offered after ``expires_at``;
- ``cleanup_expired`` (``manage.py avg_exports_opruimen``, run by the scheduler)
  deletes files nobody fetched in time.

Each step that touches the pupil's dossiers writes a logboek line per dossier
with the export's number only.
"""

import json
import logging
import re
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django_tasks import task

from cms.files.deletion import delete_on_commit
from cms.operations import outbox
from loket import logboek
from loket.models import AvgExport, Dossier, LogEntry
from loket.privacy.avg import collect as avg_collect

logger = logging.getLogger(__name__)

CHUNK = 64 * 1024


def valid_days():
    return getattr(settings, "AVG_EXPORT_DAYS", 7)


def _log(export, action, user, dossier_ids):
    for dossier in Dossier.objects.filter(pk__in=dossier_ids):
        logboek.log(action, user, dossier=dossier, detail=f"export {export.pk}")


def request_export(user, leerling):
    """Record the request and start the task (after the commit, so it finds the row)."""
    export = AvgExport.objects.create(leerling=leerling, requested_by=user)
    transaction.on_commit(lambda: outbox.enqueue(build_avg_export, export.pk))
    return export


def _safe_name(name):
    cleaned = re.sub(r"[^\w.\- ]+", "_", name).strip(" .") or "bestand"
    return cleaned[:100]


@task()
def build_avg_export(export_id):
    """Build the ZIP of one export. The payload is the export's id only."""
    export = AvgExport.objects.select_related("leerling", "requested_by").get(pk=export_id)
    if export.status != AvgExport.Status.WACHTRIJ:
        return export.status
    if export.leerling is None:  # removed by retention before the worker got to it
        AvgExport.objects.filter(pk=export.pk).update(status=AvgExport.Status.MISLUKT)
        return AvgExport.Status.MISLUKT
    try:
        _build(export)
    except Exception:
        logger.exception("AVG-export %s mislukt", export.pk)
        AvgExport.objects.filter(pk=export.pk).update(status=AvgExport.Status.MISLUKT)
        raise
    return export.status


def _build(export):
    collected = avg_collect.collect(export.leerling)
    files = []
    for part in collected["dossiers"]:
        for aanvraag in part["aanvragen"]:
            for bijlage in aanvraag.bijlagen.all():
                name = _safe_name(bijlage.original_name)
                bijlage.zip_path = f"bijlagen/{aanvraag.reference}/{bijlage.pk}-{name}"
                files.append(bijlage)
            for document in aanvraag.documenten.all():
                document.zip_path = f"documenten/{aanvraag.reference}/{document.kind}.pdf"
                files.append(document)
    now = timezone.now()
    index = render_to_string(
        "loket/avg/index.html",
        {**collected, "export": export, "made_at": now, "file_count": len(files)},
    )
    data = avg_collect.as_json(collected)
    with tempfile.TemporaryFile() as buffer:
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            archive.writestr("index.html", index)
            pdf = _index_pdf(index, export)
            if pdf is not None:
                archive.writestr("index.pdf", pdf)
            archive.writestr(
                "gegevens.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
            )
            for stored in files:
                with stored.file.open("rb") as source, archive.open(stored.zip_path, "w") as out:
                    while chunk := source.read(CHUNK):
                        out.write(chunk)
        buffer.seek(0)
        export.file.save("export.zip", File(buffer), save=False)
        export.size = export.file.size
    export.file_count = len(files)
    export.status = AvgExport.Status.KLAAR
    export.ready_at = now
    export.expires_at = now + timezone.timedelta(days=valid_days())
    export.save()
    dossier_ids = [part["dossier"].pk for part in collected["dossiers"]]
    _log(export, LogEntry.Action.AVG_EXPORT, export.requested_by, dossier_ids)


def _index_pdf(index, export):
    """The same index as PDF (cms.files.pdf); the HTML index is the one that must be there,
    so a PDF that cannot be made is left out, and the log says so (no personal data)."""
    from cms.files.pdf import html_to_pdf

    try:
        return html_to_pdf(index)
    except Exception:
        logger.warning("AVG-export %s: geen PDF van de index gemaakt", export.pk, exc_info=True)
        return None


def exports_of(user):
    """The exports ``user`` asked for: nobody else's export is ever offered to them."""
    return AvgExport.objects.filter(requested_by=user)


def claim_download(export):
    """Mark a ready export as being downloaded; False when it is gone or taken."""
    claimed = AvgExport.objects.filter(
        pk=export.pk, status=AvgExport.Status.KLAAR, expires_at__gt=timezone.now()
    ).update(status=AvgExport.Status.BEZIG)
    return bool(claimed)


def stream_once(export, user):
    """Yield the ZIP; after the last chunk delete the file and log the download.

    When the client goes away before the end, the generator is closed early and
    the export is offered again (until it expires).
    """
    finished = False
    try:
        with export.file.open("rb") as source:
            while chunk := source.read(CHUNK):
                yield chunk
        finished = True
    finally:
        if finished:
            _finish_download(export, user)
        else:
            AvgExport.objects.filter(pk=export.pk, status=AvgExport.Status.BEZIG).update(
                status=AvgExport.Status.KLAAR
            )


def _finish_download(export, user):
    # The file goes after the commit and is retried until the storage confirms
    # (cms.files.deletion): a failed delete on S3 must not leave the export behind.
    delete_on_commit("private", [export.file.name])
    AvgExport.objects.filter(pk=export.pk).update(
        status=AvgExport.Status.GEDOWNLOAD, downloaded_at=timezone.now(), file=""
    )
    dossier_ids = []
    if export.leerling_id:
        dossier_ids = avg_collect.linked_dossier_ids(export.leerling)
    _log(export, LogEntry.Action.AVG_DOWNLOAD, user, dossier_ids)


def cleanup_expired(now=None):
    """Delete the files of exports past their time, of failed ones, and of those whose
    pupil retention has removed for good (the export must not outlive them); return
    the count."""
    now = now or timezone.now()
    stale = AvgExport.objects.exclude(file="").filter(
        Q(expires_at__lte=now) | Q(status=AvgExport.Status.MISLUKT) | Q(leerling__isnull=True)
    )
    count = 0
    for export in stale:
        delete_on_commit("private", [export.file.name])
        AvgExport.objects.filter(pk=export.pk).update(status=AvgExport.Status.VERLOPEN, file="")
        count += 1
    AvgExport.objects.filter(
        status__in=[AvgExport.Status.KLAAR, AvgExport.Status.BEZIG], expires_at__lte=now
    ).update(status=AvgExport.Status.VERLOPEN)
    return count
