"""Article, handleiding and newsletter bodies are rendered once and kept for a page-cache
generation, without the request (``cms.caching.pages.remember_shown``). A body block whose
template used the request, the user, messages or a CSRF token would show one visitor's
version to everybody. This guards that rule for every block, nested ones included."""

import re

import pytest
from django.template import loader
from wagtail import blocks

from content.blocks import BodyBlock
from content.nieuwsbrieven.blocks import NewsletterStreamBlock

PER_VISITOR = re.compile(r"\b(request|user|perms|messages|csrf_token)\b")


def block_templates(block):
    """The templates of ``block`` and of every block inside it."""
    if getattr(block.meta, "template", None):
        yield block.meta.template
    children = getattr(block, "child_blocks", None) or {}
    if isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    for child in children.values():
        yield from block_templates(child)


@pytest.mark.parametrize("stream", [BodyBlock, NewsletterStreamBlock])
def test_no_body_block_template_depends_on_the_visitor(stream):
    templates = sorted(set(block_templates(stream())))
    assert len(templates) >= 5  # the walk found the blocks' own templates
    for name in templates:
        source = loader.get_template(name).template.source
        assert not PER_VISITOR.search(source), f"{name} depends on the visitor"
