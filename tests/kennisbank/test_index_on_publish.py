"""Search indexing of a published page does not wait for the task worker."""

import pytest
from django_tasks_db.models import DBTaskResult

from tests.kennisbank.conftest import add_article

pytestmark = pytest.mark.django_db


def test_a_published_article_is_searchable_while_no_worker_runs(client, kennisbank, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    article = add_article(
        kennisbank["dossier"], "Zorgplicht bij verhuizing", body="Kwispelstaart-regeling."
    )
    # Wagtail queued its own index task, and nobody ran it ...
    assert DBTaskResult.objects.filter(
        task_path__contains="insert_or_update_object", status="READY"
    ).exists()
    # ... yet the article is found at once.
    response = client.get("/zoeken/", {"q": "kwispelstaart"})
    assert [hit.pk for hit in response.context["hits"]] == [article.pk]
