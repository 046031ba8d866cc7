"""The verwerkingsregister as text: the README's block and the admin page read this.

``render()`` writes Markdown from ``loket.privacy.verwerkingen`` and the retention
rules, so the README section is generated (``manage.py verwerkingsregister
--readme README.md``) and a test compares it with what the code says today.
"""

import re

from django.utils.translation import gettext as _

from loket.models.bewaren import rules
from loket.privacy.verwerkingen import verwerkingen

START = "<!-- verwerkingsregister:start (manage.py verwerkingsregister --readme README.md) -->"
END = "<!-- verwerkingsregister:end -->"


def _days(days):
    if days is None:
        return _("geen eigen termijn")
    if days == 0:
        return _("direct")
    if days % 365 in (0, 1, 2) and days >= 365:
        years = days // 365
        return _("%(n)s jaar") % {"n": years}
    return _("%(n)s dagen") % {"n": days}


def retention_lines(verwerking):
    """The retention of one category, one ``(text, rule key or None)`` per line, the
    periods read from the rules themselves."""
    lines = []
    for key in verwerking.bewaren:
        rule = rules[key]
        text = (
            f"{rule.label}: {_days(rule.default_days)} {rule.starts} ({_('bron')}: {rule.source})"
        )
        lines.append((text, key))
    if verwerking.bewaren_tekst:
        lines.append((str(verwerking.bewaren_tekst), None))
    return lines


def render():
    """The register as Markdown, one subsection per category."""
    out = []
    for key, verwerking in verwerkingen.items():
        out.append(f"#### {verwerking.label} (`{key}`)")
        out.append("")
        out.append(f"- **{_('Doel')}:** {verwerking.doel}")
        out.append(f"- **{_('Gegevens')}:** {verwerking.gegevens}")
        models = ", ".join(f"`{label}`" for label in verwerking.modellen)
        places = "; ".join(str(place) for place in verwerking.opslag)
        out.append(f"- **{_('Waar')}:** {places}" + (f" — {models}" if models else ""))
        out.append(f"- **{_('Wie ziet het')}:** {verwerking.wie}")
        out.append(f"- **{_('Bewaren')}:**")
        for text, rule_key in retention_lines(verwerking):
            out.append(f"  - {text}" + (f" [`{rule_key}`]" if rule_key else ""))
        if verwerking.bewaren_open:
            out.append(_("  - **Open punt:** geen (volledige) bewaartermijn in de code."))
        out.append(f"- **{_('Verwijderen')}:** {verwerking.verwijderen}")
        out.append("")
    out.append(
        _(
            "Standaardtermijnen; de beheerder past ze aan in Instellingen › Bewaartermijnen, "
            "de scheduler past ze elk uur toe (`bewaartermijnen`)."
        )
    )
    return "\n".join(out) + "\n"


def replace_block(text, block):
    """``text`` with the part between START and END replaced by ``block``."""
    pattern = re.compile(re.escape(START) + r"\n.*?" + re.escape(END), re.DOTALL)
    if not pattern.search(text):
        raise ValueError(_("De README mist de markeringen van het verwerkingsregister."))
    return pattern.sub(lambda _match: f"{START}\n{block}{END}", text)


def block_of(text):
    """The part of ``text`` between START and END, or None."""
    match = re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.DOTALL)
    return match.group(1) if match else None
