"""``manage.py democode EMAIL``: print the current TOTP code of a demo account.

For trying the demo without a phone. Refuses to run under production settings
and for addresses outside the demo's ``.example`` domains.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


class Command(BaseCommand):
    help = "Toont de huidige TOTP-code van een demo-account (alleen buiten productie)."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        if settings.IS_PRODUCTION:
            raise CommandError("Niet beschikbaar met productie-instellingen.")
        if not email.lower().endswith(".example"):
            raise CommandError("Alleen voor demo-accounts (adressen op .example).")
        device = (
            TOTPDevice.objects.filter(user__email__iexact=email, confirmed=True)
            .order_by("-pk")
            .first()
        )
        if device is None:
            raise CommandError(
                "Dit account heeft geen app. `python manage.py demo` koppelt er een aan "
                "elk demo-account."
            )
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{code:0{device.digits}d}")
