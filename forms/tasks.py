"""Background work of the form engine (Django Tasks API). Payloads carry ids only."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils.translation import gettext as _
from django_tasks import task


@task()
def notify_submission(submission_id):
    """Tell the form's notification addresses that something was submitted.

    The e-mail names the form, the organisation and the date - never any answer.
    """
    from .models import FormSubmission

    submission = (
        FormSubmission.objects.select_related("page", "organisation")
        .filter(pk=submission_id)
        .first()
    )
    if submission is None or submission.page is None:
        return 0
    recipients = submission.page.notify_email_list()
    if not recipients:
        return 0
    from .handoff import describe_result

    result = describe_result(submission)
    subject = _("Nieuwe inzending: %(form)s") % {"form": submission.form_title}
    if result:
        subject = _("Nieuwe inzending %(reference)s: %(form)s") % {
            "reference": result["reference"],
            "form": submission.form_title,
        }
    body = _(
        "Er is een nieuwe inzending van het formulier '%(form)s' door %(organisation)s.\n\n"
    ) % {
        "form": submission.form_title,
        "organisation": submission.organisation.name,
    }
    if result and result.get("overview_url"):
        # The hand-off says where staff find what it made (e.g. "Bekijk ... in het loket").
        text = result.get("overview_text") or _("Bekijk de inzending")
        body += f"{text}: {settings.WAGTAILADMIN_BASE_URL.rstrip('/')}{result['overview_url']}\n"
    if result:
        body += _("Kenmerk: %(reference)s\n") % {"reference": result["reference"]}
    return send_mail(subject, body, None, recipients)


@task()
def cleanup_form_drafts():
    """Scheduled clean-up of abandoned drafts and their files."""
    from .filling.cleanup import cleanup_abandoned_drafts

    return cleanup_abandoned_drafts()
