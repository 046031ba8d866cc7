"""The number of aanvragen per school, kept by PostgreSQL (``AanvraagTelling``).

Statement triggers with transition tables: one statement that inserts, deletes or
moves 5,000 aanvragen changes each school's row once, and an update that leaves the
school alone (a status change) touches no counter. TRUNCATE empties the counters.
The counters are filled from the table once, under a lock that keeps writers out
until the triggers count for them. On other databases (the SQLite demo) there are
no triggers; the inbox then counts itself (``loket.staff.telling``).
"""

from django.db import migrations, models

CREATE = """
CREATE OR REPLACE FUNCTION loket_aanvraag_telling_bij() RETURNS trigger AS $$
BEGIN
    INSERT INTO loket_aanvraagtelling AS t (school_id, aantal)
    SELECT school_id, count(*) FROM nieuw GROUP BY school_id
    ON CONFLICT (school_id) DO UPDATE SET aantal = t.aantal + EXCLUDED.aantal;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION loket_aanvraag_telling_af() RETURNS trigger AS $$
BEGIN
    UPDATE loket_aanvraagtelling AS t SET aantal = t.aantal - o.n
    FROM (SELECT school_id, count(*) AS n FROM oud GROUP BY school_id) AS o
    WHERE t.school_id = o.school_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION loket_aanvraag_telling_verhuisd() RETURNS trigger AS $$
BEGIN
    UPDATE loket_aanvraagtelling AS t SET aantal = t.aantal - o.n
    FROM (
        SELECT oud.school_id, count(*) AS n FROM oud JOIN nieuw USING (id)
        WHERE oud.school_id <> nieuw.school_id GROUP BY oud.school_id
    ) AS o
    WHERE t.school_id = o.school_id;
    INSERT INTO loket_aanvraagtelling AS t (school_id, aantal)
    SELECT nieuw.school_id, count(*) FROM nieuw JOIN oud USING (id)
    WHERE oud.school_id <> nieuw.school_id GROUP BY nieuw.school_id
    ON CONFLICT (school_id) DO UPDATE SET aantal = t.aantal + EXCLUDED.aantal;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION loket_aanvraag_telling_leeg() RETURNS trigger AS $$
BEGIN
    DELETE FROM loket_aanvraagtelling;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

LOCK TABLE loket_aanvraag IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER loket_aanvraag_telling_bij AFTER INSERT ON loket_aanvraag
    REFERENCING NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION loket_aanvraag_telling_bij();
CREATE TRIGGER loket_aanvraag_telling_af AFTER DELETE ON loket_aanvraag
    REFERENCING OLD TABLE AS oud
    FOR EACH STATEMENT EXECUTE FUNCTION loket_aanvraag_telling_af();
CREATE TRIGGER loket_aanvraag_telling_verhuisd AFTER UPDATE ON loket_aanvraag
    REFERENCING OLD TABLE AS oud NEW TABLE AS nieuw
    FOR EACH STATEMENT EXECUTE FUNCTION loket_aanvraag_telling_verhuisd();
CREATE TRIGGER loket_aanvraag_telling_leeg AFTER TRUNCATE ON loket_aanvraag
    FOR EACH STATEMENT EXECUTE FUNCTION loket_aanvraag_telling_leeg();

DELETE FROM loket_aanvraagtelling;
INSERT INTO loket_aanvraagtelling (school_id, aantal)
SELECT school_id, count(*) FROM loket_aanvraag GROUP BY school_id;
"""

DROP = """
DROP TRIGGER IF EXISTS loket_aanvraag_telling_bij ON loket_aanvraag;
DROP TRIGGER IF EXISTS loket_aanvraag_telling_af ON loket_aanvraag;
DROP TRIGGER IF EXISTS loket_aanvraag_telling_verhuisd ON loket_aanvraag;
DROP TRIGGER IF EXISTS loket_aanvraag_telling_leeg ON loket_aanvraag;
DROP FUNCTION IF EXISTS loket_aanvraag_telling_bij();
DROP FUNCTION IF EXISTS loket_aanvraag_telling_af();
DROP FUNCTION IF EXISTS loket_aanvraag_telling_verhuisd();
DROP FUNCTION IF EXISTS loket_aanvraag_telling_leeg();
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0037_logboek_hmac"),
    ]

    operations = [
        migrations.CreateModel(
            name="AanvraagTelling",
            fields=[
                (
                    "school_id",
                    models.BigIntegerField(primary_key=True, serialize=False, verbose_name="school"),
                ),
                ("aantal", models.BigIntegerField(default=0, verbose_name="aantal aanvragen")),
            ],
            options={
                "verbose_name": "aantal aanvragen per school",
                "verbose_name_plural": "aantallen aanvragen per school",
                "default_permissions": (),
            },
        ),
        migrations.RunPython(forwards, backwards),
    ]
