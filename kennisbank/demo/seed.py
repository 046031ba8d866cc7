"""Demo kennisbank: four categories (one with two sections) and fourteen articles from the seeds.

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
from kennisbank.demo import data as demo_data
from kennisbank.demo import data_loket as demo_data_loket
from kennisbank.models import (
    KennisbankArticlePage,
    KennisbankCategoryPage,
    KennisbankIndexPage,
    KennisbankSectionPage,
    PromotedArticle,
)
from kennisbank.workflow import ensure_editorial_workflow

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


def _sections(category, specs):
    """Create the category's demo sections; returns {article slug: its section}."""
    parents = {}
    for slug, title, intro, article_slugs in specs:
        section = KennisbankSectionPage.objects.child_of(category).filter(slug=slug).first()
        if section is None:
            section = publish_child(
                category, KennisbankSectionPage(title=title, slug=slug, intro=intro)
            )
        parents.update(dict.fromkeys(article_slugs, section))
    return parents


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
        parents = _sections(category, demo_data.SECTIONS.get(slug, []))
        for spec in specs:
            parent = parents.get(spec["slug"], category)
            article = KennisbankArticlePage.objects.descendant_of(category)
            article = article.filter(slug=spec["slug"]).first()
            if article is None:
                article = KennisbankArticlePage(
                    title=spec["title"],
                    slug=spec["slug"],
                    summary=spec["summary"],
                    audience=spec["audience"],
                    body=_resolve_documents(spec["body"]),
                )
                article.tags.add(*spec["tags"])
                article = publish_child(parent, article)
            elif article.depth != parent.depth + 1:
                # A demo made before sections existed: put the article in its section.
                article.move(parent, pos="last-child")
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
    for model in (KennisbankArticlePage, KennisbankSectionPage, HandleidingPage, StandardPage):
        backend.add_bulk(model, list(model.objects.live()))
    if stdout:
        stdout.write(f"Kennisbank: {len(articles)} artikelen in {len(CATEGORIES)} categorieën.")
    return {"index": index, "articles": articles}
