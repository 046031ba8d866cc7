"""The logboek is append-only, enforced by PostgreSQL itself.

A trigger rejects every UPDATE and DELETE on ``loket_logentry``. On other
databases (the SQLite demo) this migration does nothing; the model still refuses
updates and deletes in code.
"""

from django.db import migrations

CREATE = """
CREATE OR REPLACE FUNCTION loket_logentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'Het logboek is alleen aan te vullen: ' || TG_OP || ' is niet toegestaan',
        ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS loket_logentry_append_only ON loket_logentry;
CREATE TRIGGER loket_logentry_append_only
    BEFORE UPDATE OR DELETE ON loket_logentry
    FOR EACH ROW EXECUTE FUNCTION loket_logentry_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS loket_logentry_append_only ON loket_logentry;
DROP FUNCTION IF EXISTS loket_logentry_append_only();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("loket", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
