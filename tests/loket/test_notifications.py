"""Notifications: ids-only task payloads, Dutch text + HTML, retried on SMTP failure."""

from contextlib import contextmanager

from django.core import mail

from bench.smtp_sink import SmtpSink
from loket.lifecycle import notifications, services
from tests.loket.helpers import make_aanvraag


def test_payload_holds_ids_only_and_mail_has_text_and_html(
    loket_users, school_a, django_capture_on_commit_callbacks, monkeypatch
):
    from django_tasks.signals import task_enqueued

    seen = []

    def spy(sender, task_result, **kwargs):
        seen.append((list(task_result.args), dict(task_result.kwargs)))

    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    task_enqueued.connect(spy)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.take_in(aanvraag, loket_users["consulent"])
    finally:
        task_enqueued.disconnect(spy)
    assert seen == [(["status", aanvraag.pk], {})]
    message = mail.outbox[-1]
    assert message.to == [loket_users["school_a"].email]
    assert "In behandeling" in message.body
    assert message.alternatives[0][1] == "text/html"
    assert f"/loket/aanvragen/{aanvraag.reference}/" in message.alternatives[0][0]


@contextmanager
def smtp_sink(settings, **options):
    """A real SMTP server on 127.0.0.1 that the mail backend talks to."""
    with SmtpSink(**options) as sink:
        for key, value in sink.settings().items():
            setattr(settings, key, value)
        yield sink


@contextmanager
def attempts():
    """Every run of ``send_notification`` as ``(attempt, status, return value)``."""
    from django_tasks.signals import task_finished

    seen = []

    def record(sender, task_result, **kwargs):
        value = task_result.return_value if task_result.status == "SUCCESSFUL" else None
        seen.append((task_result.kwargs.get("attempt", 1), task_result.status, value))

    task_finished.connect(record)
    try:
        yield seen
    finally:
        task_finished.disconnect(record)


def test_smtp_failure_is_retried(settings, loket_users, school_a):
    """Two 421s from the server, then it accepts: the third attempt sends the mail."""
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    with smtp_sink(settings, fail_first=2) as sink, attempts() as seen:
        notifications.send_notification.enqueue("besluit", aanvraag.pk)
    # Attempts 1 and 2 hand over to the next attempt; 3 sends one message.
    assert sorted(seen) == [(1, "SUCCESSFUL", 0), (2, "SUCCESSFUL", 0), (3, "SUCCESSFUL", 1)]
    assert sink.count == 1 and sink.recipients == [loket_users["school_a"].email]
    assert aanvraag.reference in sink.messages[0]["Subject"]


def test_gives_up_after_max_attempts(settings, loket_users, school_a):
    """A server that refuses the recipient every time: after MAX_ATTEMPTS the task fails."""
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    with (
        smtp_sink(settings, refuse=[loket_users["school_a"].email]) as sink,
        attempts() as seen,
    ):
        notifications.send_notification.enqueue("status", aanvraag.pk)
    last = notifications.MAX_ATTEMPTS
    assert sorted(seen) == [(n, "SUCCESSFUL", 0) for n in range(1, last)] + [(last, "FAILED", None)]
    assert sink.count == 0


def test_consulent_gets_new_and_aanvulling(
    loket_users, school_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    assert mail.outbox[-1].to == [loket_users["consulent"].email]
    assert "/admin/loket/" in mail.outbox[-1].body
    services.take_in(aanvraag, loket_users["consulent"])
    services.request_aanvulling(aanvraag, loket_users["consulent"], "Graag meer.")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.add_aanvulling(aanvraag, loket_users["school_a"], "Bij deze.")
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    assert (loket_users["consulent"].email,) in recipients  # aanvulling
    assert (loket_users["school_a"].email,) in recipients  # status aangevuld


def test_consulent_hears_of_a_withdrawal(loket_users, school_a, django_capture_on_commit_callbacks):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw(aanvraag, loket_users["school_a"], "Niet meer nodig.")
    to_consulent = [m for m in mail.outbox if m.to == [loket_users["consulent"].email]]
    assert to_consulent and "ingetrokken" in to_consulent[0].body
    assert "Niet meer nodig" not in to_consulent[0].body
