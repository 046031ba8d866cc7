"""The synonyms schools need from day one; redacteuren edit them in the admin."""

from django.db import migrations

SEED = [
    "tlv, toelaatbaarheidsverklaring",
    "toestemming, instemming",
    "opp, ontwikkelingsperspectief, ontwikkelingsperspectiefplan",
    "ib'er, intern begeleider, ib-er",
]


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("kennisbank", "SynonymGroup")
    for terms in SEED:
        SynonymGroup.objects.get_or_create(terms=terms)


def unseed(apps, schema_editor):
    apps.get_model("kennisbank", "SynonymGroup").objects.filter(terms__in=SEED).delete()


class Migration(migrations.Migration):
    dependencies = [("kennisbank", "0003_synonym_groups")]
    operations = [migrations.RunPython(seed, unseed)]
