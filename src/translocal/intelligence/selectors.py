"""Reading vectors: the nearest public neighbours of an object or of a query text.

Every result is mapped back through the search index's public entries (search.selectors), so
what these return is exactly what anyone may find in search: a draft, an unpublished entry
or an unlisted organisation never appears, whatever the vectors say."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from translocal.search.models import SearchEntry
from translocal.search.selectors import in_reader_language
from translocal.search.semantic import SemanticHit

from .embedders import get_embedder
from .index import Neighbour, index_for

RELATED_KINDS = ("case", "method", "reflection")
#: What a process, a result or a commitment is shown as related: practice elsewhere.
PRACTICE_KINDS = ("case", "method", "process", "result", "commitment")
RELATED_LIMIT = 5


def embedder_and_index():  # noqa: ANN202
    """The configured embedder and the vector index of its model and dimensions (one instance
    of each per process; neither reads the database)."""
    embedder = get_embedder()
    return embedder, index_for(embedder.name, embedder.dimensions)


def semantic_hits(query: str, limit: int) -> list[SemanticHit]:
    """The public objects nearest to ``query`` (search's semantic ranker), best first, above
    the model's similarity floor and within its margin of the best one. One query when the
    index is current (its version), two when it catches up."""
    text = (query or "").strip()
    if not text:
        return []
    embedder, index = embedder_and_index()
    if not len(index):
        return []
    neighbours = index.nearest(embedder.query(text), limit=limit, min_score=embedder.min_similarity)
    if neighbours:
        floor = neighbours[0].score - embedder.relative_margin
        neighbours = [n for n in neighbours if n.score >= floor]
    return [SemanticHit(n.kind, n.object_id, n.score) for n in neighbours]


def nearest_to_object(
    *, kind: str, object_id: int, limit: int, kinds: Iterable[str] | None = None
) -> list[Neighbour]:
    """The public objects nearest to one object (none when it has no public vector)."""
    _embedder, index = embedder_and_index()
    vector = index.vector_of(kind, object_id)
    if vector is None:
        return []
    return index.nearest(vector, limit=limit, kinds=kinds, exclude=(kind, object_id))


def public_entries_for(neighbours: list[Neighbour]) -> list[SearchEntry]:
    """The public search entries of ``neighbours``, in their order (one query)."""
    if not neighbours:
        return []
    kinds = {n.kind for n in neighbours}
    ids = {n.object_id for n in neighbours}
    rows = in_reader_language(SearchEntry.objects.filter(is_public=True, kind__in=kinds, object_id__in=ids)).only(
        "kind", "object_id", "title", "summary", "url", "place_id", "place_name", "country", "language", "group_key"
    )
    by_key = {(row.kind, row.object_id): row for row in rows}
    return [by_key[key] for n in neighbours if (key := (n.kind, n.object_id)) in by_key]


def related_entries(
    *, kind: str, object_id: int, limit: int = RELATED_LIMIT, kinds: Iterable[str] = RELATED_KINDS
) -> list[SearchEntry]:
    """What is most like one object across the network (other places' cases, methods and
    reflections), public only, best first. Three queries at most: the embeddings version, the
    new rows when it moved, the entries."""
    # A few spare neighbours, in case some of them left the index since the vectors were read.
    neighbours = nearest_to_object(kind=kind, object_id=object_id, limit=limit + 5, kinds=kinds)
    return public_entries_for(neighbours)[:limit]


@dataclass
class PeerMatch:
    """One entry that matched, and why: the words it shares with the subject (folded stems, as
    the challenge box compares them) and the sentence of its summary sharing the most of them
    (the passage that matched); neither when only the meaning matched (a paraphrase, another
    language)."""

    entry: SearchEntry
    shared: list[str] = field(default_factory=list)
    passage: str = ""


@dataclass
class PeerPlace:
    """A place behind cases like this one, with the cases that matched (the reason)."""

    name: str
    country: str
    url: str
    cases: list[SearchEntry] = field(default_factory=list)
    matches: list[PeerMatch] = field(default_factory=list)


@dataclass
class Peers:
    places: list[PeerPlace]
    organisations: list[SearchEntry]

    def __bool__(self) -> bool:
        return bool(self.places or self.organisations)


PEER_CASES = 10
PEER_PLACES = 4
PEER_ORGANISATIONS = 3


def _match(entry: SearchEntry, subject_stems: dict[str, str]) -> PeerMatch:
    from .challenge import passage_for, stems

    if not subject_stems:
        return PeerMatch(entry)
    passage, shared = passage_for(entry.summary, set(subject_stems))
    title_shared = [w for s, w in stems(entry.title).items() if s in subject_stems]
    return PeerMatch(entry, list(dict.fromkeys(title_shared + shared))[:6], passage)


def peers(*, kind: str, object_id: int, own_place_id: int | None = None, text: str = "") -> Peers:
    """"Who elsewhere tried this": the places behind the public cases nearest to an object
    (its own place left out), each with the cases that matched and why (the words they share
    with ``text``, the subject's own title and summary, and the passage that matched), and the
    listed organisations nearest to it. The same for a case, a process or a commitment. Two
    queries besides the index's version: the entries, the places' entries."""
    from .challenge import stems

    subject_stems = stems(text) if text else {}
    _embedder, index = embedder_and_index()
    vector = index.vector_of(kind, object_id)
    if vector is None:
        return Peers([], [])
    exclude = (kind, object_id)
    neighbours = index.nearest(vector, limit=PEER_CASES, kinds=("case",), exclude=exclude)
    neighbours += index.nearest(vector, limit=PEER_ORGANISATIONS, kinds=("organisation",), exclude=exclude)
    entries = public_entries_for(neighbours)
    cases = [e for e in entries if e.kind == "case" and e.place_id and e.place_id != own_place_id]
    organisations = [e for e in entries if e.kind == "organisation"][:PEER_ORGANISATIONS]
    place_ids = list(dict.fromkeys(e.place_id for e in cases))[:PEER_PLACES]
    place_entries = {
        row.object_id: row
        for row in SearchEntry.objects.filter(is_public=True, kind="place", object_id__in=place_ids).only(
            "object_id", "title", "url", "country"
        )
    } if place_ids else {}
    places: dict[int, PeerPlace] = {}
    for entry in cases:
        if entry.place_id not in place_ids:
            continue
        place = places.get(entry.place_id)  # type: ignore[arg-type]
        if place is None:
            row = place_entries.get(entry.place_id)  # type: ignore[arg-type]
            place = places[entry.place_id] = PeerPlace(  # type: ignore[index]
                name=row.title if row else entry.place_name, country=entry.country, url=row.url if row else ""
            )
        place.cases.append(entry)
        place.matches.append(_match(entry, subject_stems))
    return Peers(list(places.values()), organisations)
