"""The in-process nearest-neighbour index: every public vector of the current model in one
NumPy matrix, searched exactly (a matrix-vector product and a partial sort).

Consistent across app servers without a shared cache: each embedding write moves the
``embeddings`` content version (core.caching) in the same transaction and stamps its row
with the new value as ``revision``. Before answering, an index reads that version (one
primary-key query); when it moved, it reads only the rows above the last revision it holds
(one query) and applies them, tombstones included. A version that went backwards (a restored
database) reloads everything. So every process answers from what the database has committed.

Exact search at 100,000 vectors of 384 dimensions is a 150 MB float32 matrix per process and
a few milliseconds per query (bench/intelligence.py); past about a million vectors, or with
many worker processes per machine, an approximate index (HNSW, e.g. hnswlib or
pgvector's) would take over.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from translocal.core.caching import content_version
from translocal.search import semantic

from .models import Embedding

#: The content version the embedding writes move (core.models.ContentVersion).
EMBEDDINGS_VERSION = semantic.VECTORS_VERSION


@dataclass(frozen=True)
class Neighbour:
    kind: str
    object_id: int
    score: float


class VectorIndex:
    def __init__(self, model_name: str, dimensions: int) -> None:
        self.model_name = model_name
        self.dimensions = dimensions
        self._lock = threading.Lock()
        self._reset()

    def _reset(self) -> None:
        self.version = -1
        self.revision = 0
        self.size = 0
        self._matrix = np.zeros((0, self.dimensions), dtype=np.float32)
        self._alive = np.zeros(0, dtype=bool)
        self._kind_codes = np.zeros(0, dtype=np.int16)
        self._kinds: dict[str, int] = {}
        self._keys: list[tuple[str, int]] = []
        self._positions: dict[tuple[str, int], int] = {}

    def __len__(self) -> int:
        return int(self._alive[: self.size].sum())

    # --- keeping up with the database ---------------------------------------------------------
    def refresh(self) -> None:
        """Bring the index in line with the committed rows: one query for the version, one more
        for the rows written since when it moved."""
        version = content_version(name=EMBEDDINGS_VERSION)
        if version == self.version:
            return
        with self._lock:
            if version < self.version:
                self._reset()
            if version == 0:  # no vector was ever written
                self.version = version
                return
            rows = (
                Embedding.objects.filter(model_name=self.model_name, revision__gt=self.revision)
                .order_by("revision")
                .values_list("kind", "object_id", "vector", "is_public", "revision")
            )
            self.apply(rows)
            self.version = version

    def apply(self, rows: Iterable[tuple[str, int, bytes, bool, int]]) -> None:
        """Add, replace or drop vectors: (kind, object id, float32 bytes, public, revision)."""
        for kind, object_id, data, public, revision in rows:
            self.revision = max(self.revision, revision)
            key = (kind, object_id)
            position = self._positions.get(key)
            vector = np.frombuffer(bytes(data), dtype="<f4") if public and data else None
            if vector is not None and vector.shape[0] != self.dimensions:
                vector = None  # written by a model of another size: not comparable
            if position is None:
                if vector is None:
                    continue
                position = self._append(key)
            if vector is None:
                self._alive[position] = False
            else:
                self._matrix[position] = vector
                self._alive[position] = True

    def _append(self, key: tuple[str, int]) -> int:
        if self.size == self._matrix.shape[0]:
            capacity = max(1024, self.size * 2)
            self._matrix = np.resize(self._matrix, (capacity, self.dimensions))
            self._alive = np.resize(self._alive, capacity)
            self._alive[self.size :] = False
            self._kind_codes = np.resize(self._kind_codes, capacity)
        kind = key[0]
        code = self._kinds.setdefault(kind, len(self._kinds))
        position = self.size
        self._kind_codes[position] = code
        self._keys.append(key)
        self._positions[key] = position
        self.size += 1
        return position

    # --- reading ------------------------------------------------------------------------------
    def vector_of(self, kind: str, object_id: int) -> np.ndarray | None:
        position = self._positions.get((kind, object_id))
        if position is None or not self._alive[position]:
            return None
        return self._matrix[position].copy()

    def nearest(
        self,
        vector: np.ndarray,
        *,
        limit: int,
        kinds: Iterable[str] | None = None,
        exclude: tuple[str, int] | None = None,
        min_score: float = -1.0,
    ) -> list[Neighbour]:
        """The ``limit`` public vectors most similar (cosine) to ``vector``, best first, of the
        given kinds (all when None), without ``exclude``, scoring at least ``min_score``."""
        if self.size == 0 or limit <= 0:
            return []
        scores = self._matrix[: self.size] @ np.asarray(vector, dtype=np.float32)
        mask = ~self._alive[: self.size]
        if kinds is not None:
            codes = [self._kinds[k] for k in kinds if k in self._kinds]
            mask |= ~np.isin(self._kind_codes[: self.size], codes)
        if exclude is not None and (position := self._positions.get(exclude)) is not None:
            mask[position] = True
        scores = np.where(mask, -np.inf, scores)
        count = min(limit, self.size)
        top = np.argpartition(-scores, count - 1)[:count]
        top = top[np.argsort(-scores[top], kind="stable")]
        return [
            Neighbour(self._keys[i][0], self._keys[i][1], float(scores[i]))
            for i in top
            if np.isfinite(scores[i]) and scores[i] >= min_score
        ]


_indexes: dict[str, VectorIndex] = {}
_indexes_lock = threading.Lock()


def index_for(model_name: str, dimensions: int) -> VectorIndex:
    """The process's index of ``model_name``'s vectors, refreshed from the database."""
    with _indexes_lock:
        index = _indexes.get(model_name)
        if index is None or index.dimensions != dimensions:
            index = _indexes[model_name] = VectorIndex(model_name, dimensions)
    index.refresh()
    return index


def forget_indexes() -> None:
    """Drop every in-process index (tests, whose rolled-back databases reuse versions)."""
    with _indexes_lock:
        _indexes.clear()
