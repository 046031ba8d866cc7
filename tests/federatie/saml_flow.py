"""A SAML login as a browser does it: portal, IdP, the IdP's form back, the hand-off.

The portal is the Django test client; the IdP is the real test IdP over HTTP. Its
answer is the auto-submitting HTML form a browser would post; the portal's first
answer is the page that posts the same fields again from the portal (SameSite).
"""

from html.parser import HTMLParser

import requests

from federatie.models import SamlProvider

START = "/account/schoolaccount/saml/"
ACS = "/account/schoolaccount/saml/acs/"


class _Form(HTMLParser):
    def __init__(self):
        super().__init__()
        self.action, self.fields = None, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.action = attrs.get("action")
        if tag == "input" and attrs.get("type") == "hidden":
            self.fields[attrs["name"]] = attrs.get("value", "")


def form_in(html):
    parser = _Form()
    parser.feed(html)
    return parser.action, parser.fields


def to_idp(client, school, next_url=""):
    query = f"?next={next_url}" if next_url else ""
    response = client.get(f"{START}{school.pk}/{query}")
    assert response.status_code == 302, response.content.decode()
    return response["Location"]


def back_from_idp(sso_url):
    """Let the IdP approve; the fields of the form it has the browser post to the portal."""
    at_idp = requests.get(sso_url, timeout=10)
    assert at_idp.status_code == 200, at_idp.text
    action, fields = form_in(at_idp.text)
    assert action == f"http://testserver{ACS}", action
    return fields


def post_back(client, fields):
    """The browser's cross-site POST, then the hand-off page's same-site POST."""
    handoff = client.post(ACS, fields)
    assert handoff.status_code == 200, handoff.content.decode()
    action, again = form_in(handoff.content.decode())
    assert action == ACS and again["verder"] == "1"
    return client.post(ACS, again)


def log_in(client, school, next_url=""):
    """The whole round; the portal's answer and the IdP's fields (for replays)."""
    fields = back_from_idp(to_idp(client, school, next_url))
    return post_back(client, fields), fields


def trust_mfa(school, **fields):
    SamlProvider.objects.filter(organisation=school).update(trust_idp_mfa=True, **fields)
