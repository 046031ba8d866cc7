"""Demo kennisbank: four categories and fourteen articles written from the seeds.

Fictional organisation and people only. Idempotent: existing pages (found by
slug) are left alone, so a second run creates nothing. The articles are data in
``demo_data`` and ``demo_data_loket``; this module builds the pages from them.
"""

from django.db import transaction
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.documents import get_document_model
from wagtail.search.backends import get_search_backend

from content.demo import publish_child
from content.handleidingen import HandleidingIndexPage, HandleidingPage
from content.models import HomePage, StandardPage

from . import demo_data, demo_data_loket
from .models import (
    KennisbankArticlePage,
    KennisbankCategoryPage,
    KennisbankIndexPage,
    PromotedArticle,
)
from .workflow import ensure_editorial_workflow

CATEGORIES = demo_data.CATEGORIES + demo_data_loket.CATEGORIES
PROMOTED = ["tweestapsverificatie-instellen", "dossier-afronden", "instemming-registreren"]
SEARCH_PICKS = {"wachtwoord": "tweestapsverificatie-instellen", "archief": "dossier-afronden"}


def _resolve_documents(body):
    """Replace ``document-title`` placeholders by document blocks with the document's id."""
    Document = get_document_model()
    resolved = []
    for block_type, value in body:
        if block_type == "document-title":
            doc = Document.objects.filter(title=value["title"]).first()
            if doc is None:
                continue
            resolved.append(("document", {"document": doc, "label": value["label"]}))
        else:
            resolved.append((block_type, value))
    return resolved


@transaction.atomic
def run(stdout=None):
    home = HomePage.objects.get()
    index = KennisbankIndexPage.objects.first()
    if index is None:
        index = publish_child(
            home,
            KennisbankIndexPage(
                title="Kennisbank",
                slug="kennisbank",
                intro="<p>Antwoorden op veelgestelde vragen over het portaal, het dossier en "
                "het loket.</p>",
            ),
        )
    articles = {}
    for slug, title, intro, specs in CATEGORIES:
        category = KennisbankCategoryPage.objects.child_of(index).filter(slug=slug).first()
        if category is None:
            category = publish_child(
                index, KennisbankCategoryPage(title=title, slug=slug, intro=intro)
            )
        for spec in specs:
            article = KennisbankArticlePage.objects.child_of(category).filter(slug=spec["slug"])
            article = article.first()
            if article is None:
                article = KennisbankArticlePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    audience=spec["audience"],
                    body=_resolve_documents(spec["body"]),
                )
                article.tags.add(*spec["tags"])
                article = publish_child(category, article)
            articles[spec["slug"]] = article

    if not index.promoted_articles.exists():
        for position, slug in enumerate(PROMOTED):
            PromotedArticle.objects.create(page=index, article=articles[slug], sort_order=position)
    for query_string, slug in SEARCH_PICKS.items():
        query = Query.get(query_string)
        SearchPromotion.objects.get_or_create(
            query=query, page=articles[slug], defaults={"sort_order": 0}
        )
    ensure_editorial_workflow(index, HandleidingIndexPage.objects.first())
    # Index now: in development the index tasks wait for a worker, and search should
    # work right after `manage.py demo`. Re-indexing an indexed page changes nothing.
    backend = get_search_backend()
    for model in (KennisbankArticlePage, HandleidingPage, StandardPage):
        backend.add_bulk(model, list(model.objects.live()))
    if stdout:
        stdout.write(f"Kennisbank: {len(articles)} artikelen in {len(CATEGORIES)} categorieën.")
    return {"index": index, "articles": articles}
