"""A small kennisbank: index, two categories and a few articles, created through Wagtail's API."""

import pytest

from content.choices import Audience
from kennisbank.models import KennisbankArticlePage, KennisbankCategoryPage, KennisbankIndexPage
from tests.conftest import ensure_site_tree


def add_article(category, title, *, summary="", body="", tags=(), audience=Audience.IEDEREEN):
    article = KennisbankArticlePage(
        title=title,
        summary=summary or f"Over {title.lower()}.",
        body=[("text", f"<p>{body or title}</p>")],
        audience=audience,
    )
    category.add_child(instance=article)
    for tag in tags:
        article.tags.add(tag)
    article.save_revision().publish()
    article.refresh_from_db()
    return article


@pytest.fixture
def kennisbank(db):
    # A transactional test that ran before may have flushed the migration-made tree.
    home = ensure_site_tree()
    index = home.add_child(instance=KennisbankIndexPage(title="Kennisbank", slug="kennisbank"))
    dossier = index.add_child(
        instance=KennisbankCategoryPage(title="Dossier en overdracht", slug="dossier")
    )
    inloggen = index.add_child(
        instance=KennisbankCategoryPage(title="Inloggen en beveiliging", slug="inloggen")
    )
    articles = {
        "archief": add_article(
            dossier,
            "Een dossier afronden",
            summary="Rond een dossier af als het samenwerkingsverband niet meer betrokken is.",
            body="Het dossier wordt gearchiveerd in stap 11. Wacht na een TLV een werkweek.",
            tags=["dossier", "afronden"],
            audience=Audience.SCHOOLMODULE,
        ),
        "overdracht": add_article(
            dossier,
            "Overdracht naar een andere school",
            body="Een overdracht kan alleen van een afgesloten dossier.",
            tags=["dossier", "overdracht"],
            audience=Audience.SCHOOLMODULE,
        ),
        "loket": add_article(
            dossier,
            "Een aanvraag in het loket volgen",
            body="In het loket zie je de status van de aanvraag en de terugkoppeling.",
            tags=["loket"],
            audience=Audience.LOKETMODULE,
        ),
        "tweestaps": add_article(
            inloggen,
            "Tweestapsverificatie instellen",
            body="Installeer een authenticator-app en scan de QR-code.",
            tags=["inloggen"],
        ),
    }
    return {"index": index, "dossier": dossier, "inloggen": inloggen, **articles}
