"""axe-core (vendored by assets/vendor.sh) run on a page a test has open, and the
look of that page (tests/e2e/look.py: fonts, contrast, sideways scrolling, console).

The checking context must bypass the CSP: axe is injected as a script the site's own
policy (script-src 'self') rightly refuses. On Wagtail admin pages only this project's
content (``<main id="main">``) is checked; the sidebar and header are Wagtail's own.
"""

from pathlib import Path

from tests.e2e.look import LookChecker, watch_console

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


class AxeChecker:
    """Collects axe violations and look problems of every page checked, so a test
    asserts ``violations == []`` once at the end. Wagtail admin pages get axe only:
    their fonts and colours are Wagtail's own."""

    def __init__(self, name="pagina"):
        self.checked = []
        self.violations = []
        self.look = LookChecker(name)

    def check(self, page, admin_page=False, settle_ms=800):
        if not hasattr(page, "look_errors"):
            watch_console(page)
        page.wait_for_load_state()
        if admin_page and settle_ms:
            # Wagtail fades its messages in; measured mid-animation, their colours
            # would be reported as too little contrast.
            page.wait_for_timeout(settle_ms)
        if not page.evaluate("typeof window.axe !== 'undefined'"):
            page.add_script_tag(path=str(AXE))
        target = "{include: [['#main']]}" if admin_page else "document"
        # resultTypes: only violations get every node; gathering the nodes of every
        # passing rule took 15 s a check on the form editor's page.
        options = "{runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']}"
        result = page.evaluate(f"tags => axe.run({target}, {options})", AXE_TAGS)
        self.checked.append(page.url)
        for violation in result["violations"]:
            self.violations.append(
                {
                    "url": page.url,
                    "id": violation["id"],
                    "nodes": [n["target"] for n in violation["nodes"]][:3],
                }
            )
        if not admin_page:
            seen = len(self.look.problems)
            self.look.check(page)
            self.violations += [{"id": "look", **p} for p in self.look.problems[seen:]]
