"""``manage.py scheduler``: keep time for the scheduled jobs (see cms.operations.scheduler).

Start one per machine if you like: one leads, the others wait as hot standbys."""

from django.core.management.base import BaseCommand

from cms.operations import scheduler


class Command(BaseCommand):
    help = "Start geplande taken (publiceren, inzage laten verlopen, concepten opruimen) op tijd."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Eén ronde en dan stoppen.")
        parser.add_argument(
            "--interval",
            "--tick",
            dest="tick",
            type=float,
            default=None,
            help="Seconden tussen twee rondes van de leider (SCHEDULER_TICK_SECONDS).",
        )
        parser.add_argument(
            "--poll",
            type=float,
            default=None,
            help="Seconden tussen twee pogingen van een reserve om de leiding te nemen "
            "(SCHEDULER_POLL_SECONDS).",
        )
        parser.add_argument("--stop-after", type=float, default=None)

    def handle(self, *args, once=False, tick=None, poll=None, stop_after=None, **options):
        if once:
            # One round by hand still claims each slot in the database: it cannot start a
            # job that the running leader already started for this slot.
            for name in scheduler.tick():
                self.stdout.write(f"gestart: {name}")
            return
        scheduler.run_forever(tick_seconds=tick, poll_seconds=poll, stop_after=stop_after)
