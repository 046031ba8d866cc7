"""Render a newsletter issue as an e-mail: once per send, personalised per recipient.

``render_issue`` produces the HTML (inline styles, absolute links and image
addresses, for mail clients) and the plain-text part, with placeholders where
each recipient's own unsubscribe and manage links go. ``personalise`` swaps the
placeholders for one recipient: a string replacement, so sending 10,000 mails
costs one template render.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from wagtail.rich_text import expand_db_html

UNSUBSCRIBE_PLACEHOLDER = "[[afmelden-url]]"
MANAGE_PLACEHOLDER = "[[beheren-url]]"

# Inline styles per tag for HTML that comes out of rich text fields.
TAG_STYLES = {
    "p": "margin:0 0 16px;font-size:16px;line-height:1.5;color:#1a1a1a;",
    "h3": "margin:24px 0 8px;font-size:18px;line-height:1.3;color:#00376b;",
    "ul": "margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.5;",
    "ol": "margin:0 0 16px;padding-left:24px;font-size:16px;line-height:1.5;",
    "li": "margin:0 0 4px;",
    "a": "color:#00559e;text-decoration:underline;",
}
_TAG_RE = re.compile(r"<(" + "|".join(TAG_STYLES) + r")(\s[^>]*)?>")
_RELATIVE_RE = re.compile(r'(href|src)="/(?!/)')


@dataclass(frozen=True)
class RenderedIssue:
    subject: str
    html: str
    text: str


def base_url():
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def absolute(url):
    """Site-relative paths get the site address; full URLs, mailto: and anchors stay."""
    return base_url() + url if url.startswith("/") and not url.startswith("//") else url


def inline_styles(html):
    """Give the tags of rich text their inline style (mail clients drop <style>)."""

    def add_style(match):
        tag, attrs = match.group(1), match.group(2) or ""
        if "style=" in attrs:
            return match.group(0)
        return f'<{tag}{attrs} style="{TAG_STYLES[tag]}">'

    return _TAG_RE.sub(add_style, html)


def absolutize(html):
    return _RELATIVE_RE.sub(lambda m: f'{m.group(1)}="{base_url()}/', html)


def html_to_text(html):
    """Plain text of a rich text fragment; links keep their address in brackets."""
    html = re.sub(
        r'<a\s[^>]*href="([^"]+)"[^>]*>(.*?)</a>',
        lambda m: f"{m.group(2)} ({absolute(m.group(1))})",
        html,
        flags=re.S,
    )
    html = re.sub(r"<li[^>]*>", "- ", html)
    html = re.sub(r"</(p|h\d|ul|ol)>", "\n\n", html)
    html = re.sub(r"</li>|<br\s*/?>", "\n", html)
    text = unescape(strip_tags(html))
    lines = [line.strip() for line in normalize_newlines(text).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _block_url(value):
    page = value.get("page")
    if page:
        page = page.specific if hasattr(page, "specific") else page
        return absolute(page.url or "")
    return value.get("url") or ""


def _blocks(issue):
    """The body as simple dicts both the HTML and the text rendering read."""
    items = []
    for block in issue.body:
        value = block.value
        item = {"type": block.block_type}
        if block.block_type == "heading":
            item.update(text=value["text"], level=value["level"])
        elif block.block_type == "paragraph":
            html = expand_db_html(value.source)
            item.update(html=inline_styles(absolutize(html)), text=html_to_text(html))
        elif block.block_type == "button":
            item.update(label=value["label"], url=_block_url(value))
        elif block.block_type == "image":
            rendition = value["image"].get_rendition("max-1200x1200")
            item.update(
                src=absolute(rendition.url),
                width=min(rendition.width, 600),
                alt=value.get("alt") or "",
                caption=value.get("caption") or "",
            )
        elif block.block_type == "oproep":
            html = expand_db_html(value["text"].source)
            item.update(
                title=value["title"],
                html=inline_styles(absolutize(html)),
                text=html_to_text(html),
                deadline=value.get("deadline"),
                link_label=value.get("link_label") or "",
                link_url=value.get("link_url") or "",
            )
        elif block.block_type == "page_link":
            page = value["page"].specific
            item.update(
                label=value.get("label") or page.title,
                url=absolute(page.url or ""),
                description=value.get("description") or "",
            )
        items.append(item)
    return items


def render_issue(issue):
    """Render the issue once; the result holds placeholders for the personal links."""
    context = {
        "issue": issue,
        "blocks": _blocks(issue),
        "web_url": absolute(issue.url or ""),
        "unsubscribe_url": UNSUBSCRIBE_PLACEHOLDER,
        "manage_url": MANAGE_PLACEHOLDER,
        "site_name": settings.WAGTAIL_SITE_NAME,
        "base_url": base_url(),
    }
    html = render_to_string("content/newsletter/email.html", context)
    text = render_to_string("content/newsletter/email.txt", context)
    text = re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
    return RenderedIssue(subject=issue.title, html=html, text=text)


def personal_links(subscriber_token, send_id=None):
    unsubscribe = absolute(reverse("newsletter:unsubscribe", args=[subscriber_token]))
    if send_id:
        unsubscribe += f"?verzending={send_id}"
    manage = absolute(reverse("newsletter:manage", args=[subscriber_token]))
    return unsubscribe, manage


def personalise(content, unsubscribe_url, manage_url):
    return content.replace(UNSUBSCRIBE_PLACEHOLDER, unsubscribe_url).replace(
        MANAGE_PLACEHOLDER, manage_url
    )


def preview_html(issue):
    """The e-mail as the admin previews it: placeholders point nowhere."""
    rendered = render_issue(issue)
    return personalise(rendered.html, "#afmelden", "#beheren")
