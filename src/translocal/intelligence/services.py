"""Writing vectors. These run in the background-task worker (and ``translocal embed``), never in
a web request's write transaction: search's registration point calls ``enqueue_embedding``
once the write that changed an object has committed.

They are system work on what is already public, so they take no acting user: what they may
embed is decided by the search document's ``is_public``, the same rule search applies.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from django.db import transaction
from django.db.models import F

from translocal.core.caching import SITE, content_changed_after_commit, version_name_for_model
from translocal.core.models import ContentVersion
from translocal.search import semantic
from translocal.search.registry import registration_for_kind
from translocal.search.services import document_for

from .embedders import Embedder, get_embedder
from .index import EMBEDDINGS_VERSION
from .models import Embedding

logger = logging.getLogger(__name__)

BATCH = 32


#: The kinds whose pages show "Related across the network" (intelligence.contributions) and
#: whose content areas new vectors move. A process's page, which shows them too, reads the
#: vectors' own version instead (search.semantic.VECTORS_VERSION), so that a new vector leaves
#: the rest of co-production's cached pages valid; a commitment's page is not cached.
RELATED_PAGES = ("case", "method", "reflection")


#: The kinds the pages of RELATED_PAGES show (related entries, peers' cases and organisations).
SHOWN_ON_RELATED_PAGES = ("case", "method", "reflection", "organisation")


def _versions_moved_by(kind: str) -> set[str]:
    """What a new vector of ``kind`` moves: for a kind the entry pages show, their versions;
    for any other (a process, a result, a commitment, an exchange), its own pillar's area
    (which its write moved already), so search follows and other pillars' pages stay valid.
    (A process's page reads the vectors' version itself.)"""
    if kind in SHOWN_ON_RELATED_PAGES:
        return _related_pages_versions()
    registration = registration_for_kind(kind)
    return {version_name_for_model(registration.model) if registration is not None else SITE}


def _related_pages_versions() -> set[str]:
    """The versions new vectors move: those of the pages that show related entries (their
    pillar's content area, core.caching) and with them the shared pages (search); other
    pillars' cached pages stay valid."""
    names = set()
    for kind in RELATED_PAGES:
        registration = registration_for_kind(kind)
        names.add(version_name_for_model(registration.model) if registration is not None else SITE)
    return names


def enqueue_embedding(kind: str, object_id: int) -> None:
    """Queue the (re)embedding of one object; called after the write committed, among its
    after-commit effects. Run at once (tests), the vector's content-version bump joins the
    write's own (core.caching); run later by the worker, it moves the version itself, so cached
    pages show the new related entries and search results."""
    from .tasks import embed_object_task

    embed_object_task.enqueue(kind, object_id)


def text_hash(model_name: str, text: str) -> str:
    return hashlib.sha256(f"{model_name}\n{text}".encode()).hexdigest()


def _next_revision() -> int:
    """Move the embeddings version (row-locked until this transaction commits, so revisions
    commit in order) and return it."""
    updated = ContentVersion.objects.filter(name=EMBEDDINGS_VERSION).update(version=F("version") + 1)
    if not updated:
        ContentVersion.objects.get_or_create(name=EMBEDDINGS_VERSION, defaults={"version": 0})
        ContentVersion.objects.filter(name=EMBEDDINGS_VERSION).update(version=F("version") + 1)
    return ContentVersion.objects.values_list("version", flat=True).get(name=EMBEDDINGS_VERSION)


@dataclass
class EmbedCounts:
    embedded: int = 0
    unchanged: int = 0
    withdrawn: int = 0
    by_kind: dict[str, int] = field(default_factory=dict)


def embed_object(*, kind: str, object_id: int, embedder: Embedder | None = None) -> str:
    """Bring the vector of one object in line with its search document: embedded when public
    and its text changed, a tombstone when it is no longer public or gone. Returns
    "embedded", "unchanged", "withdrawn" or "skipped" (a kind nobody embeds)."""
    if not semantic.is_embedded(kind):
        return "skipped"
    counts = embed_objects(kind=kind, object_ids=[object_id], embedder=embedder)
    if counts.embedded:
        return "embedded"
    return "withdrawn" if counts.withdrawn else "unchanged"


def embed_objects(*, kind: str, object_ids: Iterable[int], embedder: Embedder | None = None) -> EmbedCounts:
    """The same for many objects of one kind. Documents are read and vectors computed before
    the short write transaction opens."""
    embedder = embedder or get_embedder()
    counts = EmbedCounts()
    ids = list(object_ids)
    existing = {
        row.object_id: row
        for row in Embedding.objects.filter(model_name=embedder.name, kind=kind, object_id__in=ids).only(
            "object_id", "text_hash", "is_public"
        )
    }
    texts: dict[int, tuple[str, str]] = {}
    withdraw: list[int] = []
    for object_id in ids:
        document = document_for(kind, object_id)
        if document is None or not document.is_public:
            if object_id in existing and existing[object_id].is_public:
                withdraw.append(object_id)
            continue
        text = semantic.text_of(kind, document)
        digest = text_hash(embedder.name, text)
        row = existing.get(object_id)
        if row is not None and row.is_public and row.text_hash == digest:
            counts.unchanged += 1
            continue
        texts[object_id] = (text, digest)
    vectors = embedder.passages([text for text, _ in texts.values()]) if texts else np.zeros((0, 0))
    if not texts and not withdraw:
        return counts
    with transaction.atomic():
        revision = _next_revision()
        for (object_id, (_text, digest)), vector in zip(texts.items(), vectors, strict=True):
            Embedding.objects.update_or_create(
                model_name=embedder.name,
                kind=kind,
                object_id=object_id,
                defaults={
                    "dimensions": embedder.dimensions,
                    "vector": np.asarray(vector, dtype="<f4").tobytes(),
                    "text_hash": digest,
                    "is_public": True,
                    "revision": revision,
                },
            )
        if withdraw:
            Embedding.objects.filter(model_name=embedder.name, kind=kind, object_id__in=withdraw).update(
                vector=b"", text_hash="", is_public=False, revision=revision
            )
        # Cached pages show related entries and search results: they follow the vectors.
        for name in _versions_moved_by(kind):
            content_changed_after_commit(name)
    counts.embedded = len(texts)
    counts.withdrawn = len(withdraw)
    counts.by_kind[kind] = counts.embedded
    return counts


def embed_all(*, kinds: Iterable[str] | None = None, embedder: Embedder | None = None, stdout=None) -> EmbedCounts:  # noqa: ANN001
    """(Re)embed every object of the embedded kinds (``translocal embed``); unchanged texts
    are skipped, so running it again costs only the reading."""
    embedder = embedder or get_embedder()
    total = EmbedCounts()
    for kind in kinds or semantic.embedded_kinds():
        registration = registration_for_kind(kind)
        if registration is None:
            continue
        ids = list(registration.all_objects().order_by("pk").values_list("pk", flat=True))
        # Rows of objects that no longer exist become tombstones too.
        ids += list(
            Embedding.objects.filter(model_name=embedder.name, kind=kind, is_public=True)
            .exclude(object_id__in=ids)
            .values_list("object_id", flat=True)
        )
        done = 0
        for start in range(0, len(ids), BATCH):
            counts = embed_objects(kind=kind, object_ids=ids[start : start + BATCH], embedder=embedder)
            total.embedded += counts.embedded
            total.unchanged += counts.unchanged
            total.withdrawn += counts.withdrawn
            done += counts.embedded
        total.by_kind[kind] = done
        if stdout is not None:
            stdout.write(f"{registration.plural}: {done} embedded")
    return total
