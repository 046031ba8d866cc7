"""``manage.py scheduler``: keep time for the scheduled jobs (see cms.operations.scheduler)."""

from django.core.management.base import BaseCommand

from cms.operations import scheduler


class Command(BaseCommand):
    help = "Start geplande taken (publiceren, inzage laten verlopen, concepten opruimen) op tijd."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Eén ronde en dan stoppen.")
        parser.add_argument("--interval", type=float, default=20)
        parser.add_argument("--stop-after", type=float, default=None)

    def handle(self, *args, once=False, interval=20, stop_after=None, **options):
        if once:
            for name in scheduler.tick():
                self.stdout.write(f"gestart: {name}")
            return
        scheduler.run_forever(interval=interval, stop_after=stop_after)
