"""Arbitrary text in every field never gives a server error (issue 10, hole 5).

Hypothesis writes the text: NUL and other controls, lone surrogates (sent as the
bytes a broken client would send), right-to-left overrides, very long strings.
The fields are found by walking the demo loket forms' definitions, plus the public
forms. Besides "no 5xx": what a draft already held is never lost by such a post.
"""

from urllib.parse import quote

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from devkit.clients import Wizard, login_verified
from forms.fieldtypes import build_fields
from forms.models import FormDraft

pytestmark = pytest.mark.django_db

SPECIAL = ["\x00", "\ud800", "\udfff", "\u202e", "\u2066", "\x1b", "\x7f", "\r\n", "x" * 20_000]
TEXT = st.lists(
    st.one_of(
        st.text(alphabet=st.characters(exclude_categories=()), max_size=30),
        st.sampled_from(SPECIAL),
    ),
    max_size=4,
).map("".join)
HYPOTHESIS = hypothesis_settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post_raw(client, url, data):
    """POST ``data`` form-encoded with UTF-8 that lets lone surrogates through."""
    body = "&".join(
        f"{quote(k.encode('utf-8', 'surrogatepass'))}={quote(v.encode('utf-8', 'surrogatepass'))}"
        for k, values in data.items()
        for v in (values if isinstance(values, list) else [values])
    )
    return client.post(url, body, content_type="application/x-www-form-urlencoded")


def step_fields(step):
    names = []
    for f in step.value_fields():
        names += [name for name, _field in build_fields(f, f.required, [])]
    return names


@pytest.mark.slow
@given(text=TEXT)
@HYPOTHESIS
def test_every_demo_form_field_survives_arbitrary_text(client, school_user, demo_forms, text):
    login_verified(client, school_user)
    schools = [m.organisation for m in school_user.memberships.select_related("organisation")]
    walked = 0
    for page in demo_forms.values():
        if page.window_state() != "open" or not page.is_for(schools):
            # A closed form (the demo has one), or one for other school types (the
            # TLV-verlenging), refuses every post before any field.
            assert post_raw(client, page.url, {"start": text}).status_code < 500
            continue
        walked += 1
        w = Wizard(client, page)
        if w.draft() is None:
            assert w.start().status_code < 500
        draft = w.draft()
        definition = draft.form_page().definition()
        for step in definition.steps:
            before = FormDraft.objects.get(pk=draft.pk).data.get("step_data", {})
            data = {
                "loketformulier-current_step": step.key,
                "draft_key": str(draft.key),
                "opslaan": "1",
            }
            data.update({f"{step.key}-{name}": text for name in step_fields(step)})
            response = post_raw(client, page.url, data)
            assert response.status_code < 500, (page.slug, step.key)
            after = FormDraft.objects.get(pk=draft.pk).data.get("step_data", {})
            for key, value in before.items():
                if key != step.key:
                    assert after.get(key) == value, (page.slug, key)
    assert walked >= 2


@given(text=TEXT)
@HYPOTHESIS
def test_public_forms_survive_arbitrary_text(client, kennisbank, lists, users, settings, text):
    # Many examples from one client: the rate limits are tested elsewhere.
    settings.RATE_LIMITS = dict.fromkeys(settings.RATE_LIMITS, "0/60")
    article = kennisbank["archief"]
    responses = [
        client.get("/zoeken/", {"q": text.encode("utf-8", "surrogatepass")}),
        post_raw(client, article.url + "nuttig/", {"nuttig": "nee", "toelichting": text}),
        post_raw(
            client,
            "/nieuwsbrieven/aanmelden/",
            {"email": text, "name": text, "lists": [str(lists["po"].pk)]},
        ),
        post_raw(client, "/account/inloggen/", {"username": text, "password": text}),
    ]
    for response in responses:
        assert response.status_code < 500
