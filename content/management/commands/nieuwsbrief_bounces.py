"""``manage.py nieuwsbrief_bounces``: read the bounce mailbox and suppress dead addresses.

Run by the scheduler (``SCHEDULED_JOBS["nieuwsbrief_bounces"]``); without a configured
mailbox it does nothing, so the job can stay in the schedule of a demo. The rules are
in ``content.nieuwsbrieven.bounces``, the mailboxes in ``content.nieuwsbrieven.mailboxes``.
"""

from django.core.management.base import BaseCommand

from content.nieuwsbrieven import bounces, mailboxes


class Command(BaseCommand):
    help = "Leest de bouncemailbox van de nieuwsbrief en blokkeert onbestelbare adressen."

    def add_arguments(self, parser):
        parser.add_argument("--maildir", help="Lees deze Maildir in plaats van de instellingen.")

    def handle(self, *args, maildir=None, **options):
        source = mailboxes.open_source(maildir=maildir)
        if source is None:
            self.stdout.write("Geen bouncemailbox ingesteld (NEWSLETTER_BOUNCE_MAILBOX).")
            return
        try:
            result = bounces.process(source)
        finally:
            source.close()
        self.stdout.write(
            f"Bounces: {result.hard} hard, {result.soft} zacht, {result.no_bounce} geen bounce, "
            f"{result.set_aside} apart gezet."
        )
        for note in result.notes:
            self.stderr.write(note)
