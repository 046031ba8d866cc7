"""``Aanvraag.kopie_van``: a transfer's copy names its first original, so the
monitoring counts a transferred dossier once. Existing copies are found the way
the transfer made them: in the receiving dossier of an accepted overdracht, with
the type and moment of submission of an older aanvraag of the sending dossier.

Also: a ``VerzoekStap`` may stand without a request (a search or export on the
AVG-inzage page), with two new steps, ``gezocht`` and ``inzage_gedownload``."""

import django.db.models.deletion
from django.db import migrations, models


def link_copies(apps, schema_editor):
    Aanvraag = apps.get_model("loket", "Aanvraag")
    Overdracht = apps.get_model("loket", "Overdracht")
    accepted = Overdracht.objects.filter(status="geaccepteerd", new_dossier__isnull=False)
    for overdracht in accepted.order_by("accepted_at", "pk"):
        originals = {
            (a.type, a.submitted_at): a.kopie_van_id or a.pk
            for a in Aanvraag.objects.filter(dossier_id=overdracht.dossier_id).order_by("-pk")
        }
        for copy in Aanvraag.objects.filter(
            dossier_id=overdracht.new_dossier_id, kopie_van__isnull=True
        ):
            root = originals.get((copy.type, copy.submitted_at))
            if root is not None and root < copy.pk:
                Aanvraag.objects.filter(pk=copy.pk).update(kopie_van_id=root)


class Migration(migrations.Migration):
    dependencies = [
        ("loket", "0027_agendapunten"),
    ]

    operations = [
        migrations.AddField(
            model_name="aanvraag",
            name="kopie_van",
            field=models.ForeignKey(
                blank=True,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="kopieen",
                to="loket.aanvraag",
                verbose_name="kopie van",
            ),
        ),
        migrations.RunPython(link_copies, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="verzoekstap",
            name="stap",
            field=models.CharField(
                choices=[
                    ("geregistreerd", "Verzoek geregistreerd"),
                    ("verlengd", "Termijn verlengd"),
                    ("besloten", "Besluit genomen"),
                    ("gecorrigeerd", "Leerlinggegevens gecorrigeerd"),
                    ("beperkt", "Verwerking beperkt"),
                    ("beperking_opgeheven", "Beperking opgeheven"),
                    ("gewist", "Dossier gewist"),
                    ("inzage_export", "Inzage-export aangevraagd"),
                    ("bekeken", "Verzoek bekeken"),
                    ("gezocht", "Leerling gezocht (AVG-inzage)"),
                    ("inzage_gedownload", "Inzage-export gedownload"),
                ],
                max_length=30,
                verbose_name="stap",
            ),
        ),
        migrations.AlterField(
            model_name="verzoekstap",
            name="verzoek",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="stappen",
                to="loket.avgverzoek",
                verbose_name="verzoek",
            ),
        ),
    ]
