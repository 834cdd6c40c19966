"""The challenge box: a practitioner types what they are about to try ("we want residents to
help set the housing budget") and gets the public cases nearest in meaning, the places and
hubs behind them, people whose expertise matches, and past public exchanges on the theme, each
with the reason it matched.

Reasons, in order of evidence: the words the challenge shares with a case (folded: lower case,
no accents, compared on their first five letters so "budgets" meets "budgeting") and the
sentence of the case's summary that shares the most of them (the passage that matched), or
"similar in meaning" when nothing is shared (a paraphrase or another language); for places and
hubs the cases that matched there; for people the expertise terms that share a word with the
challenge (in any of the terms' languages)."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from translocal.accounts.selectors import people_with_expertise
from translocal.places.selectors import hubs_in_places
from translocal.search.models import SearchEntry
from translocal.taxonomy.models import Term, Vocabulary

from .selectors import embedder_and_index, public_entries_for

MAX_CHARS = 1000
CASES = 8
EXCHANGES = 4
PLACES = 5
HUBS = 5
PEOPLE = 6
STEM = 5
_WORD = re.compile(r"\w+", re.UNICODE)
_SENTENCE = re.compile(r"(?<=[.!?])\s+")
#: Words too common in this field to be a reason (folded stems of at least four letters).
_STOP = {
    "with", "that", "this", "from", "they", "their", "them", "have", "what", "when", "where", "which", "would",
    "want", "wants", "help", "helps", "about", "other", "into", "more", "than", "were", "será", "para", "como",
    "pero", "sobr", "desd", "entr", "nuestr", "volem", "vill", "ocks", "inte", "peopl", "citiz", "resid", "cities",
    "city", "local", "publi", "parti", "parte", "proce", "proje", "commu",
}


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stems(text: str) -> dict[str, str]:
    """Stem (first five letters of a folded word of four letters or more) -> the word as written."""
    found: dict[str, str] = {}
    for word in _WORD.findall(text):
        folded = _fold(word)
        if len(folded) < 4 or folded.isdigit():
            continue
        stem = folded[:STEM]
        if stem in _STOP or folded in _STOP:
            continue
        found.setdefault(stem, word.lower())
    return found


@dataclass
class CaseMatch:
    entry: SearchEntry
    shared: list[str]
    passage: str
    score: float


@dataclass
class PlaceMatch:
    name: str
    country: str
    url: str
    cases: list[CaseMatch] = field(default_factory=list)


@dataclass
class HubMatch:
    hub: Any
    cases: list[CaseMatch]


@dataclass
class PersonMatch:
    person: Any
    expertise: list[Term]


@dataclass
class ChallengeMatches:
    cases: list[CaseMatch]
    places: list[PlaceMatch]
    hubs: list[HubMatch]
    people: list[PersonMatch]
    semantic: bool
    #: Past exchanges on the theme (the exchanges pillar embeds its public exchanges), with the
    #: same reasons as cases.
    exchanges: list[CaseMatch] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.cases or self.people or self.exchanges)


def passage_for(summary: str, query_stems: set[str]) -> tuple[str, list[str]]:
    """The sentence of ``summary`` sharing the most stems with ``query_stems`` (the first of
    equals), and the words it shares as written; ``("", [])`` when none shares any."""
    best, best_shared = "", list[str]()
    for sentence in _SENTENCE.split(summary or ""):
        shared = [w for s, w in stems(sentence).items() if s in query_stems]
        if len(shared) > len(best_shared):
            best, best_shared = sentence.strip(), shared
    return best, best_shared


def challenge_matches(text: str) -> ChallengeMatches:
    """What the network offers for a challenge written in any language the model reads. Five
    queries at most whatever the network's size: the embeddings version (and new rows when it
    moved), the matched cases and exchanges, their places and hubs, the expertise terms, the people."""
    text = " ".join((text or "").split())[:MAX_CHARS]
    embedder, index = embedder_and_index()
    if not text:
        return ChallengeMatches([], [], [], [], embedder.semantic)
    query_stems = stems(text)
    neighbours = []
    if len(index):
        vector = embedder.query(text)
        for kind, limit in (("case", CASES), ("exchange", EXCHANGES)):
            found = index.nearest(vector, limit=limit + 4, kinds=(kind,), min_score=0.0)
            if found:
                floor = found[0].score - embedder.relative_margin * 2
                neighbours += [n for n in found if n.score >= max(floor, embedder.min_similarity)]
    scores = {(n.kind, n.object_id): n.score for n in neighbours}
    cases: list[CaseMatch] = []
    exchanges: list[CaseMatch] = []
    for entry in public_entries_for(neighbours):  # cases and exchanges in one query
        passage, shared = passage_for(entry.summary, set(query_stems))
        title_shared = [w for s, w in stems(entry.title).items() if s in query_stems]
        match = CaseMatch(entry=entry, shared=list(dict.fromkeys(title_shared + shared)), passage=passage,
                          score=scores[(entry.kind, entry.object_id)])
        if entry.kind == "case" and len(cases) < CASES:
            cases.append(match)
        elif entry.kind == "exchange" and len(exchanges) < EXCHANGES:
            exchanges.append(match)

    places: dict[int, PlaceMatch] = {}
    for match in cases:
        place_id = match.entry.place_id
        if place_id is None:
            continue
        if place_id not in places:
            if len(places) == PLACES:
                continue
            places[place_id] = PlaceMatch(name=match.entry.place_name, country=match.entry.country, url="")
        places[place_id].cases.append(match)
    hubs: list[HubMatch] = []
    for hub in hubs_in_places(place_ids=list(places))[:HUBS]:
        hubs.append(HubMatch(hub=hub, cases=places[hub.place_id].cases))
        places[hub.place_id].url = places[hub.place_id].url or hub.place.get_absolute_url()

    terms = [
        term for term in Term.objects.filter(vocabulary__in=[Vocabulary.THEME, Vocabulary.GENERAL_ISSUE])
        if any(
            stem in query_stems for label in (term.label, *term.labels.values()) for stem in stems(str(label))
        )
    ]
    people = [
        PersonMatch(person=person, expertise=[t for t in person.expertise.all() if t in terms])
        for person in people_with_expertise(terms=terms, limit=PEOPLE)
    ] if terms else []
    return ChallengeMatches(
        cases=cases, places=list(places.values()), hubs=hubs, people=people, semantic=embedder.semantic,
        exchanges=exchanges,
    )
