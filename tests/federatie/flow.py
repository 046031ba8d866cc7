"""A login with the school account as a browser does it: portal, IdP, back to the portal.

The portal is the Django test client; the IdP is the real test provider over HTTP.
"""

import requests

from federatie.models import OidcProvider

CHOOSE = "/account/schoolaccount/"


def to_idp(client, school, next_url=""):
    """Choose the school on the portal; the URL of the IdP it sends the browser to."""
    query = f"?next={next_url}" if next_url else ""
    response = client.get(f"{CHOOSE}{school.pk}/{query}")
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def back_from_idp(authorize_url):
    """Let the IdP approve; the portal path it sends the browser back to."""
    at_idp = requests.get(authorize_url, allow_redirects=False, timeout=5)
    assert at_idp.status_code == 302, at_idp.text
    return at_idp.headers["Location"].removeprefix("http://testserver")


def log_in(client, school, next_url=""):
    """The whole round; the portal's answer to the callback and the callback path."""
    callback = back_from_idp(to_idp(client, school, next_url))
    return client.get(callback), callback


def trust_mfa(school, **fields):
    OidcProvider.objects.filter(organisation=school).update(trust_idp_mfa=True, **fields)
