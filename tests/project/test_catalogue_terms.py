"""Each catalogue names the field's key terms one way: a learning journey is a "läranderesa"
in Swedish (never "lärresa"), participatory budgeting "medborgarbudget", "presupuestos
participativos" and "pressupostos participatius", and a hub a "nav", "nodo" and "node" (never
the English word)."""

import ast
import re
from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "src" / "translocal" / "locale"


def _entries(language: str) -> list[tuple[str, str]]:
    """(msgid, msgstr) of a catalogue (plural entries: their first form)."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    pairs = []
    for block in text.split("\n\n"):
        fields: dict[str, str] = {}
        current = ""
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr|msgstr\[0\]|msgctxt) (".*")$', line)
            if match:
                current = match[1]
                fields[current] = ast.literal_eval(match[2])
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
            elif not line.startswith("#"):
                current = ""
        if fields.get("msgid"):
            pairs.append((fields["msgid"], fields.get("msgstr") or fields.get("msgstr[0]", "")))
    return pairs


def _without_placeholders(text: str) -> str:
    return re.sub(r"%\([^)]*\)[sd]|\{[^}]*\}", "", text)


TERMS = {
    "sv": {"learning journey": "läranderes", "participatory budget": "medborgarbudget", "hub": "nav"},
    "es": {"participatory budget": "presupuesto", "hub": "nodo"},
    "ca": {"participatory budget": "pressupost", "hub": "node"},
}
#: Words a catalogue must not use for those terms.
AVOIDED = {
    "sv": re.compile(r"\blärresa|\bhubb", re.IGNORECASE),
    "es": re.compile(r"\bhubs?\b", re.IGNORECASE),
    "ca": re.compile(r"\bhubs?\b", re.IGNORECASE),
}


@pytest.mark.parametrize("language", ["sv", "es", "ca"])
def test_each_catalogue_avoids_the_words_it_replaced(language):
    found = [(msgid, msgstr) for msgid, msgstr in _entries(language) if AVOIDED[language].search(
        _without_placeholders(msgstr))]
    assert found == []


@pytest.mark.parametrize(("language", "english"), [
    (language, english) for language, terms in TERMS.items() for english in terms
])
def test_each_key_term_is_translated_one_way(language, english):
    wanted = TERMS[language][english]
    pattern = re.compile(rf"\b{english}", re.IGNORECASE)
    entries = [(msgid, msgstr) for msgid, msgstr in _entries(language)
               if pattern.search(_without_placeholders(msgid))]
    assert entries
    stray = [(msgid, msgstr) for msgid, msgstr in entries if wanted not in msgstr.lower()]
    assert stray == []
