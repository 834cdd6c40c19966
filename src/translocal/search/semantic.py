"""The registration point of semantic (embedding) search: which kinds of document have a
vector, and the two hooks through which the app that computes vectors plugs in.

Like the rest of search it knows no domain and no model: an app says that the documents of
one of its registered kinds are embedded (``register_embedding`` from its
``search_indexes.py``), and the app that owns embeddings (``translocal.intelligence``) sets

- a change listener, called once the write that changed an object has committed (from
  ``search.services.sync_after_commit``, through ``core.side_effects.after_commit``, after the
  index followed), which enqueues the embedding as a background task; and
- a semantic ranker, which ``search.selectors.search`` fuses with full-text relevance.

Without that app installed both hooks are absent: search is full-text only and nothing is
enqueued."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from translocal.core.side_effects import after_commit

from .registry import SearchDocument

#: The content version (core.caching) every vector write moves: a cached page that shows
#: nearest neighbours lists it among its versions.
VECTORS_VERSION = "embeddings"

#: (kind, object id) -> None; runs after commit, must only enqueue work.
ChangeListener = Callable[[str, int], None]


@dataclass(frozen=True)
class SemanticHit:
    kind: str
    object_id: int
    score: float


#: (query text, how many) -> the nearest public objects, best first.
SemanticRanker = Callable[[str, int], list[SemanticHit]]


def document_text(document: SearchDocument) -> str:
    """The text a document is embedded from: its title, summary and body (the keywords are
    facet labels and names, which full-text search already matches)."""
    parts = [document.title, document.summary]
    body = document.body.strip()
    if body and body not in document.summary:
        parts.append(body)
    return "\n\n".join(part.strip() for part in parts if part and part.strip())


_embedded: dict[str, Callable[[SearchDocument], str]] = {}
_listener: ChangeListener | None = None
#: Further listeners (e.g. the SDG suggestions), keyed so that registering again replaces.
_more_listeners: dict[str, ChangeListener] = {}
_ranker: SemanticRanker | None = None


def register_embedding(kind: str, *, text: Callable[[SearchDocument], str] = document_text) -> None:
    """Give the public documents of search kind ``kind`` a vector, built from ``text(document)``."""
    _embedded[kind] = text


def embedded_kinds() -> list[str]:
    return list(_embedded)


def is_embedded(kind: str) -> bool:
    return kind in _embedded


def text_of(kind: str, document: SearchDocument) -> str:
    """The text to embed for a document of ``kind``. Raises KeyError for a kind not embedded."""
    return _embedded[kind](document)


def set_change_listener(listener: ChangeListener | None) -> None:
    global _listener
    _listener = listener


def add_change_listener(key: str, listener: ChangeListener | None) -> None:
    """Another listener told about the same changes as the embedding one (None removes it)."""
    if listener is None:
        _more_listeners.pop(key, None)
    else:
        _more_listeners[key] = listener


def set_ranker(ranker: SemanticRanker | None) -> None:
    global _ranker
    _ranker = ranker


def ranker() -> SemanticRanker | None:
    return _ranker


def _calling(listener: ChangeListener, kind: str, object_id: int) -> Callable[[], None]:
    return lambda: listener(kind, object_id)


def changed_after_commit(kind: str, object_id: int) -> None:
    """Once the current transaction commits, tell the listeners that the object changed (at
    once outside a transaction). One call per object and transaction however often asked.
    Called for a single write (``search.services.sync_after_commit``) and for every object a
    bulk path indexes (``search.services.index_instances``)."""
    if kind not in _embedded:
        return
    if _listener is not None:
        listener = _listener
        after_commit(("embed", kind, object_id), lambda: listener(kind, object_id))
    for key, more in list(_more_listeners.items()):
        after_commit((key, kind, object_id), _calling(more, kind, object_id))
