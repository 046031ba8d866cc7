"""Tasks made while the RQ queue is away are kept and reach it later (cms.operations.outbox).

Against a real ``redis-server`` that the test stops and starts, and the RQ backend of
Django Tasks; the jobs are then run by an RQ worker in burst mode, in this process.
Before the outbox, a school's submission while the queue was away answered 500 after
the aanvraag was saved, and its mail was lost.
"""

import logging

import django_rq
import pytest
from django.core import mail
from django_tasks_rq.backend import Job
from rq import SimpleWorker

from accounts.models import ConsulentAssignment
from cms.models import KeptTask
from cms.operations import outbox, scheduler
from content.nieuwsbrieven.models import NewsletterList, Subscriber
from content.nieuwsbrieven.tasks import send_confirmation
from loket.models import FormeelDocument
from tests.loket.helpers import make_aanvraag
from tests.newsletters.test_subscriptions import subscribe

pytestmark = pytest.mark.django_db


@pytest.fixture
def rq_queue(settings, redis_process):
    settings.RQ_QUEUES = {"default": {"URL": redis_process.url}}
    settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend"}}
    settings.SCHEDULED_JOBS = {}
    return django_rq.get_queue("default", job_class=Job)


def run_worker(queue):
    SimpleWorker([queue], connection=queue.connection, job_class=Job).work(burst=True)


def test_a_subscription_while_the_queue_is_away_gets_its_mail_later(
    client, redis_process, rq_queue
):
    newsletter = NewsletterList.objects.create(name="Scholen PO", sort_order=1)
    redis_process.stop()
    response = subscribe(client, "ilse@school.example", newsletter, name="Ilse")
    assert response.status_code == 302
    assert response["Location"] == "/nieuwsbrieven/aanmelden/verstuurd/"
    subscriber = Subscriber.objects.get()
    kept = KeptTask.objects.get()
    # The task's path and the subscriber's id: no address in the kept row.
    assert (kept.task_path, kept.args, kept.kwargs) == (
        send_confirmation.module_path,
        [subscriber.pk],
        {},
    )

    assert scheduler.tick() == []  # still away: kept, in order
    assert KeptTask.objects.count() == 1

    redis_process.start()
    scheduler.tick()
    assert not KeptTask.objects.exists()
    assert rq_queue.count == 1
    run_worker(rq_queue)
    assert [m.to for m in mail.outbox] == [["ilse@school.example"]]
    assert "bevestigen" in mail.outbox[0].body


def test_a_consulent_mail_made_while_the_queue_is_away_is_sent_once_it_is_back(
    users, school_a, redis_process, rq_queue, django_capture_on_commit_callbacks, caplog
):
    ConsulentAssignment.objects.create(school=school_a, consulent=users["consulent"])
    redis_process.stop()
    with (
        caplog.at_level(logging.WARNING, logger="cms.operations.outbox"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        aanvraag = make_aanvraag(school_a, users["school_a"])
    # The consulent's mail and the archived submission document (ids and kinds only).
    kept = {row.task_path.rsplit(".", 1)[1]: row.args for row in KeptTask.objects.all()}
    assert kept["send_notification"] == ["nieuw", aanvraag.pk]
    assert kept["archive_document_task"][0] == aanvraag.pk
    assert "send_notification" in caplog.text and aanvraag.reference not in caplog.text

    redis_process.start()
    assert outbox.hand_over() == 2
    run_worker(rq_queue)
    assert [m.to for m in mail.outbox] == [[users["consulent"].email]]
    assert aanvraag.reference in mail.outbox[0].subject
    assert FormeelDocument.objects.filter(aanvraag=aanvraag).exists()


def test_kept_tasks_go_to_the_queue_oldest_first(redis_process, rq_queue):
    redis_process.stop()
    for pk in (3, 1, 2):
        outbox.enqueue(send_confirmation, pk)
    assert list(KeptTask.objects.values_list("args", flat=True)) == [[3], [1], [2]]
    redis_process.start()
    assert outbox.hand_over(limit=2) == 2
    assert list(KeptTask.objects.values_list("args", flat=True)) == [[2]]
    jobs = [Job.fetch(job_id, connection=rq_queue.connection) for job_id in rq_queue.job_ids]
    assert [list(job.args) for job in jobs] == [[3], [1]]


def test_with_the_database_queue_nothing_is_kept(settings):
    """The default backend: the task is a row beside the work, as before."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    outbox.enqueue(send_confirmation, 42)
    assert not KeptTask.objects.exists()
    assert DBTaskResult.objects.filter(task_path=send_confirmation.module_path).exists()


def test_a_kept_row_that_is_no_task_is_dropped_loudly(caplog):
    KeptTask.objects.create(task_path="os.system", args=["rm -rf /"])
    KeptTask.objects.create(task_path="cms.verdwenen.taak", args=[1])
    with caplog.at_level(logging.ERROR, logger="cms.operations.outbox"):
        assert outbox.hand_over() == 0
    assert not KeptTask.objects.exists()
    assert caplog.text.count("geen taak meer") == 2
