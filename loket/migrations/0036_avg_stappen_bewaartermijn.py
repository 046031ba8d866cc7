# The AVG register's steps (0024) get a retention period (loket.privacy.retention.overig):
# their trigger now lets a DELETE through while the transaction-local setting
# ``swv.bewaartermijn`` is 'aan', as the logboek's does since 0006. UPDATE stays refused.

from django.db import migrations

ALLOW_RETENTION = """
CREATE OR REPLACE FUNCTION loket_verzoekstap_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE' AND current_setting('swv.bewaartermijn', true) = 'aan' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION USING
        MESSAGE = 'Het logboek van het AVG-register is alleen aan te vullen: ' || TG_OP,
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

APPEND_ONLY = """
CREATE OR REPLACE FUNCTION loket_verzoekstap_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'Het logboek van het AVG-register is alleen aan te vullen: ' || TG_OP,
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def allow_retention(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(ALLOW_RETENTION)


def append_only(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(APPEND_ONLY)


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0035_logboek_acties"),
    ]

    operations = [migrations.RunPython(allow_retention, append_only)]
