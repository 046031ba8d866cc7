"""The engine names no loket: ``school`` -> ``organisation``, ``aanvraag_type`` -> ``handoff``.

Renames, so existing drafts, submissions and form pages keep their data; the
hand-off keys the loket registers are the old aanvraag type codes.
"""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("forms", "0001_initial"),
    ]

    operations = [
        migrations.RenameField("formdraft", "school", "organisation"),
        migrations.RenameField("formsubmission", "school", "organisation"),
        migrations.RenameField("loketformpage", "aanvraag_type", "handoff"),
        migrations.RenameField("formsubmission", "aanvraag_type", "handoff"),
    ]
