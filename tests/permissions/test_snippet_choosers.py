"""No snippet chooser for a model that holds personal data.

Wagtail opens a snippet's chooser (``/admin/snippets/choose/<app>/<model>/``) to every
user with admin access, whatever their permissions on the model: before this, a
consulent or a redacteur could list the newsletter subscribers' e-mail addresses and the
security log there. The models with personal data are the verwerkingsregister's
(``loket.privacy.verwerkingen``); their viewsets use ``accounts.snippets.WithoutChooser``.
"""

import pytest
from django.apps import apps

from devkit.clients import login_verified
from loket.privacy.verwerkingen import accounted_models
from tests.urlwalk import iter_url_patterns

PREFIX = "/admin/snippets/choose/"


def chooser_models():
    found = set()
    for sample_path, _view_name, _pattern in iter_url_patterns():
        if sample_path.startswith(PREFIX):
            app_label, model_name = sample_path[len(PREFIX) :].split("/")[:2]
            found.add(apps.get_model(app_label, model_name)._meta.label)
    return found


def test_no_model_with_personal_data_has_a_chooser():
    choosers = chooser_models()
    assert "accounts.Organisation" in choosers  # the walk sees the choosers there are
    exposed = choosers & set(accounted_models())
    assert not exposed, "chooser voor persoonsgegevens: " + ", ".join(sorted(exposed))


@pytest.mark.parametrize(
    "path",
    [
        "/admin/snippets/choose/content/subscriber/",
        "/admin/snippets/choose/accounts/securityevent/",
        "/admin/snippets/choose/loket/retentierun/",
    ],
)
def test_a_consulent_cannot_list_subscribers_or_the_security_log(client, loket_users, path):
    from content.nieuwsbrieven.models import Subscriber

    Subscriber.objects.create(email="abonnee@example.org", name="Abonnee")
    login_verified(client, loket_users["consulent"])
    response = client.get(path)
    assert response.status_code == 404
    assert b"abonnee@example.org" not in response.content
