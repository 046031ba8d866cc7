"""Plain text from StreamField data and the extra Dutch word forms for the index."""

from kennisbank.search.text import dutch_word_forms, stream_plain_text


def test_participles_get_their_stem_and_infinitive():
    forms = dutch_word_forms("Het dossier is gearchiveerd en gedeeld.").split()
    assert {"archiveer", "archiveren", "deel", "delen"} <= set(forms)


def test_separable_verbs_and_eren_verbs():
    forms = set(dutch_word_forms("Het dossier is overgedragen. Importeren kan later.").split())
    assert "overdragen" in forms
    assert "geimporteerd" in forms


def test_short_and_existing_words_are_not_repeated():
    assert dutch_word_forms("Het is gedaan") == ""
    assert "archiveren" not in dutch_word_forms("archiveren en gearchiveerd").split()


def test_stream_plain_text_reads_nested_blocks_without_markup():
    raw = [
        {"type": "text", "value": "<p>Eerste&nbsp;alinea</p><p>Tweede</p>"},
        {
            "type": "steps",
            "value": {
                "heading": "Stappen",
                "steps": [{"type": "item", "value": {"title": "Een", "text": "<p>Uitleg</p>"}}],
            },
        },
        {"type": "document", "value": {"document": 12, "label": ""}},
        {"type": "callout", "value": {"heading": "Let op", "text": "<p>Wacht &amp; kijk</p>"}},
    ]
    text = stream_plain_text(raw)
    assert text == "Eerste alinea Tweede Stappen Een Uitleg Let op Wacht & kijk"
