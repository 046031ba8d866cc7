"""Plain text out of StreamField data, and extra Dutch word forms for the search index.

Both work on the raw JSON of a StreamField, so they never load images or
documents (no queries per search result).

PostgreSQL's Dutch snowball stemmer maps "archiveren" and "archiveer" to the same
lexeme, but leaves the past participle "gearchiveerd" alone: it does not strip the
"ge-" prefix. ``dutch_word_forms`` adds the forms the stemmer misses (stem and
infinitive of a participle, and the participle of an "-eren" verb) to a low-weight
index field, so a search for "archiveren" finds a text that says "gearchiveerd"
and the other way round. Literal infinitives also help SQLite, which has no stemmer.
"""

import html
import re
import unicodedata

from django.utils.html import strip_tags

TEXT_KEYS = ("text", "title", "heading", "caption", "label", "alt_text")
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
DOUBLE_VOWEL_END = re.compile(r"(aa|ee|oo|uu)([^aeiou])$")
SEPARABLE_PREFIXES = ("aan", "af", "in", "op", "over", "uit", "toe", "mee", "door", "terug", "vast")


def stream_plain_text(raw_data):
    """All readable text of a StreamField's raw data, tags stripped, in order."""
    parts = []

    def walk(value, key=None):
        if isinstance(value, str):
            if key in TEXT_KEYS:
                # A space before every tag keeps "</p><p>" from gluing words together.
                parts.append(html.unescape(strip_tags(value.replace("<", " <"))))
        elif isinstance(value, dict):
            if "type" in value and "value" in value:
                walk(value["value"], value["type"])
            else:
                for child_key, child in value.items():
                    walk(child, child_key)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item, key)

    walk(list(raw_data or []))
    text = " ".join(part.strip() for part in parts if part.strip())
    return re.sub(r"\s+", " ", text)


def _unaccent(word):
    return "".join(
        ch for ch in unicodedata.normalize("NFKD", word) if not unicodedata.combining(ch)
    )


def _infinitive(stem):
    """archiveer → archiveren, deel → delen, koppel → koppelen."""
    return DOUBLE_VOWEL_END.sub(lambda m: m.group(1)[0] + m.group(2), stem) + "en"


def dutch_word_forms(text):
    """Extra forms of the verbs in ``text`` that a Dutch stemmer would not connect."""
    forms = set()
    for word in WORD.findall(_unaccent(text.lower())):
        if len(word) < 7:
            continue
        prefix, rest = "", word
        for candidate in SEPARABLE_PREFIXES:
            if word.startswith(candidate + "ge"):
                prefix, rest = candidate, word[len(candidate) :]
                break
        if rest.startswith("ge") and rest[-1] in "dt" and len(rest) >= 6:
            stem = prefix + rest[2:-1]
            forms.update({stem, _infinitive(stem)})
        elif rest.startswith("ge") and rest.endswith("en") and len(rest) >= 7:
            forms.add(prefix + rest[2:])
        elif word.endswith("eren") and not word.startswith("ge"):
            forms.add("ge" + word[:-4] + "eerd")
    forms.difference_update(WORD.findall(text.lower()))
    return " ".join(sorted(forms))
