"""Notifications: ids-only task payloads, Dutch text + HTML, retried on SMTP failure."""

import smtplib

from django.core import mail
from django.core.mail import EmailMultiAlternatives

from loket import notifications, services
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


def test_smtp_failure_is_retried(loket_users, school_a, monkeypatch):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    real_send = EmailMultiAlternatives.send
    calls = []

    def flaky(self, *args, **kwargs):
        calls.append(1)
        if len(calls) < 3:
            raise smtplib.SMTPServerDisconnected("weg")
        return real_send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", flaky)
    notifications.send_notification.enqueue("besluit", aanvraag.pk)
    assert len(calls) == 3
    assert len(mail.outbox) == 1


def test_gives_up_after_max_attempts(loket_users, school_a, monkeypatch):
    aanvraag = make_aanvraag(school_a, loket_users["school_a"])
    calls = []

    def down(self, *args, **kwargs):
        calls.append(1)
        raise smtplib.SMTPConnectError(421, "niet bereikbaar")

    monkeypatch.setattr(EmailMultiAlternatives, "send", down)
    result = notifications.send_notification.enqueue("status", aanvraag.pk)
    assert len(calls) == notifications.MAX_ATTEMPTS
    assert result.status in ("SUCCESSFUL", "FAILED")  # the first attempt re-enqueued and returned
    assert mail.outbox == []


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
