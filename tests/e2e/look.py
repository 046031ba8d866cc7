"""A browser test that looks: what a school sees, measured in Chromium.

axe-core checks rules; it did not notice body text in Times New Roman nor a button
whose white text lost to the link colour. For a page a test has open, ``LookChecker``
measures, at 1280 px and at 375 px wide:

- the font Chromium really drew every kind of text in (``CSS.getPlatformFontsForNode``
  over the DevTools protocol, one probe per family/weight/style), which must be one of
  the theme's fonts: a fallback font means a token or a font file is missing;
- the contrast of every visible text against the colour behind it, as laid out
  (tests/e2e/look.js), at least 4.5:1 (3:1 for large text);
- that no text a stylesheet adds (a list marker) was decoded in the wrong charset;
- that every pointer target is at least 24 x 24 CSS px or has room around it (WCAG 2.2,
  2.5.8 Target Size (Minimum); a link within a sentence is exempt, as the criterion says);
- that nothing scrolls sideways at 375 px;
- that the console stayed free of errors (a refused stylesheet, a failing script).

Screenshots of both widths go to ``LOOK_SCREENSHOTS`` (default ``var/screenshots``),
which CI keeps as artefacts.
"""

import os
import re
from pathlib import Path

LOOK_JS = (Path(__file__).parent / "look.js").read_text()
WIDTHS = {"breed": (1280, 900), "smal": (375, 812)}
# The theme's fonts (static/css/tokens.css, --basis-text-font-family-default), as
# Chromium names the platform font it drew with ("Fira Sans", "Fira Sans SemiBold";
# "Fira Mono" for codes): both are vendored (static/vendor/), so no other font is expected.
THEME_FONTS = ("Fira Sans", "Fira Mono")
SCREENSHOTS = Path(os.environ.get("LOOK_SCREENSHOTS", "var/screenshots"))


def watch_console(page):
    """Collect console errors, script errors and failed sub-resources of ``page`` in
    ``page.look_errors``. The page itself may be an error page (a 404 is what a test
    of the 404 page asks for); a stylesheet, script, font or image it loads may not."""
    page.look_errors = []

    def console(message):
        # Chromium reports every failed request as a console error too; those are
        # judged by response() below, where the page itself can be told apart.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            page.look_errors.append(f"console: {message.text}")

    def response(response):
        if response.status >= 400 and not response.request.is_navigation_request():
            page.look_errors.append(f"{response.status}: {response.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: page.look_errors.append(f"script: {error}"))
    page.on("response", response)
    page.on("requestfailed", lambda request: page.look_errors.append(f"failed: {request.url}"))
    return page


def _slug(url):
    path = re.sub(r"^https?://[^/]+", "", url).split("?")[0].strip("/") or "home"
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "", path)  # a draft's UUID
    # A link's secret token never goes into an artefact's name.
    path = "/".join("link" if len(part) >= 20 else part for part in path.split("/"))
    return re.sub(r"[^a-zA-Z0-9]+", "-", path).strip("-")[:60]


class LookChecker:
    def __init__(self, name="pagina"):
        self.name = name
        self.checked = []
        self.problems = []

    def check(self, page, label=None):
        """Measure the open page at both widths, then restore the viewport."""
        page.wait_for_load_state()
        page.evaluate("document.fonts.ready.then(() => true)")
        original = page.viewport_size
        label = label or _slug(page.url)
        for width_name, (width, height) in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            page.wait_for_timeout(50)
            self._measure(page, width_name, width)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(
                path=str(SCREENSHOTS / f"{self.name}-{len(self.checked):02d}-{label}-{width}.png"),
                full_page=True,
            )
        if original:
            page.set_viewport_size(original)
        for error in getattr(page, "look_errors", []):
            self.problems.append({"url": page.url, "problem": error})
        if hasattr(page, "look_errors"):
            page.look_errors.clear()
        self.checked.append(page.url)

    def _measure(self, page, width_name, width):
        report = page.evaluate(LOOK_JS)
        where = f"{page.url} ({width_name})"
        for item in report["contrast"]:
            self.problems.append({"url": where, "problem": "contrast", **item})
        for item in report["targetSize"]:
            self.problems.append({"url": where, "problem": "target size (WCAG 2.5.8)", **item})
        for item in report["misdecoded"]:
            self.problems.append({"url": where, "problem": "stylesheet charset", **item})
        if report["overflow"]["scrollWidth"] > report["overflow"]["clientWidth"] + 1:
            self.problems.append(
                {"url": where, "problem": "horizontal scroll", **report["overflow"]}
            )
        for text in self._fallback_fonts(page, report["texts"]):
            self.problems.append({"url": where, "problem": "font", **text})

    def _fallback_fonts(self, page, texts):
        session = page.context.new_cdp_session(page)
        try:
            session.send("DOM.enable")
            session.send("CSS.enable")
            root = session.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
            for text in texts:
                node = session.send(
                    "DOM.querySelector",
                    {"nodeId": root, "selector": f'[data-look-probe="{text["probe"]}"]'},
                )["nodeId"]
                if not node:
                    continue
                used = session.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]
                # A symbol the theme font lacks may come from another font; the text
                # itself (most glyphs) must not.
                used = sorted(used, key=lambda font: -font["glyphCount"])
                if used and not used[0]["familyName"].startswith(THEME_FONTS):
                    yield {**text, "rendered": [font["familyName"] for font in used]}
        finally:
            session.detach()

    def assert_ok(self):
        import json

        assert self.checked, "no page was looked at"
        assert self.problems == [], json.dumps(self.problems, indent=1, ensure_ascii=False)
