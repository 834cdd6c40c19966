"""Reading vectors: the nearest public neighbours of an object or of a query text.

Every result is mapped back through the search index's public entries (search.selectors), so
what these return is exactly what anyone may find in search: a draft, an unpublished entry
or an unlisted organisation never appears, whatever the vectors say."""

from __future__ import annotations

from collections.abc import Iterable

from translocal.search.models import SearchEntry
from translocal.search.semantic import SemanticHit

from .embedders import get_embedder
from .index import Neighbour, index_for

RELATED_KINDS = ("case", "method", "reflection")
RELATED_LIMIT = 5


def _index():  # noqa: ANN202
    embedder = get_embedder()
    return embedder, index_for(embedder.name, embedder.dimensions)


def semantic_hits(query: str, limit: int) -> list[SemanticHit]:
    """The public objects nearest to ``query`` (search's semantic ranker), best first, above
    the model's similarity floor. Two queries when the index is current (its version), three
    when it catches up."""
    text = (query or "").strip()
    if not text:
        return []
    embedder, index = _index()
    if not len(index):
        return []
    neighbours = index.nearest(embedder.query(text), limit=limit, min_score=embedder.min_similarity)
    return [SemanticHit(n.kind, n.object_id, n.score) for n in neighbours]


def nearest_to_object(
    *, kind: str, object_id: int, limit: int, kinds: Iterable[str] | None = None
) -> list[Neighbour]:
    """The public objects nearest to one object (none when it has no public vector)."""
    _embedder, index = _index()
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
    rows = SearchEntry.objects.filter(is_public=True, kind__in=kinds, object_id__in=ids).only(
        "kind", "object_id", "title", "summary", "url", "place_name", "country"
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
