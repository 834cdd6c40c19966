"""Which goals and targets a text is about: similarity of meaning plus keyword cues, turned
into a calibrated confidence.

Method (docs/sdg.md, measured by bench/sdg_suggest.py):

1. Every goal and target has a reference text: for a goal its official short name and title
   and our concise label; for a target its official title. They are embedded with the
   intelligence app's embedder (multilingual-e5-small, or the lexical fallback) once per
   process, and kept on disk (``reference_vectors``) so that the next process or command run
   reads them instead of embedding them again (186 texts: about a minute with e5 on a busy
   machine).
2. For a text, the similarity to a goal is the larger of its cosine with the goal's text and
   with the nearest of the goal's targets. Cosines of one model are compressed into a narrow
   band, so they are compared within the text: ``z`` is the goal's similarity standardised over
   the 17 goals, ``gap`` its distance below the best goal.
3. ``cue`` counts the distinct keyword cues of the goal found in the text (cues.py; 0, 1/3,
   2/3 or 1).
4. The confidence is a logistic function of (z, gap, cue) whose weights, and the threshold
   above which a goal is *suggested*, were fitted on the tuning half of a labelled set
   (bench/sdg_suggest.py --fit) and are stored per model in data/calibration.json. At most
   ``max_goals`` goals are suggested for one text; a text may get none.
5. Within a goal, a target's score is the goal's confidence times 0.6 x its closeness to the
   goal's best target (exp((cos - best) / tau)) plus 0.4 if one of its own cues is present.
   The best target of a suggested goal, and any target with a cue scoring at least half the
   goal's confidence, are suggested.

Scores are in 0..1; they are confidences for ranking and deciding, not probabilities one can
add up across goals.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import tempfile
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .cues import GOAL_CUES, TARGET_CUES

logger = logging.getLogger(__name__)

GOALS = tuple(range(1, 18))
CALIBRATION_FILE = Path(__file__).parent / "data" / "calibration.json"
#: Only the opening of a text is read: it says what the text is about, and the model's cost grows
#: with the length (1,000 characters: title, summary and the first paragraph or two).
MAX_CHARS = 1000


def fold(text: str) -> str:
    """Lower case without accents ("Participación" -> "participacion")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _cue_pattern(stems: Sequence[str]) -> re.Pattern[str]:
    # A stem ending in a space must be a whole word ("poor " is not "poorly"); others are prefixes.
    parts = [re.escape(s.strip()) + (r"(?!\w)" if s.endswith(" ") else "") for s in stems]
    return re.compile(r"(?<!\w)(?:" + "|".join(f"({p})" for p in parts) + ")")


_GOAL_PATTERNS = {goal: _cue_pattern(stems) for goal, stems in GOAL_CUES.items()}
_TARGET_PATTERNS = {code: _cue_pattern(stems) for code, stems in TARGET_CUES.items()}


def goal_cues(folded: str) -> dict[int, int]:
    """Goal -> number of its distinct cue stems found in ``folded`` text."""
    counts = {}
    for goal, pattern in _GOAL_PATTERNS.items():
        found = {next(i for i, g in enumerate(m.groups()) if g) for m in pattern.finditer(folded)}
        if found:
            counts[goal] = len(found)
    return counts


def target_cues(folded: str) -> set[str]:
    return {code for code, pattern in _TARGET_PATTERNS.items() if pattern.search(folded)}


@dataclass(frozen=True)
class Catalogue:
    """Reference texts: goal number -> text, target code ("11.3") -> text."""

    goals: dict[int, str]
    targets: dict[str, str]

    def key(self) -> str:
        return json.dumps([sorted(self.goals.items()), sorted(self.targets.items())], ensure_ascii=False)


@dataclass(frozen=True)
class Calibration:
    """Logistic weights over (bias, z, gap, cue), the goal threshold, the target temperature."""

    weights: tuple[float, float, float, float] = (-3.0, 1.2, 8.0, 3.0)
    threshold: float = 0.5
    tau: float = 0.02
    max_goals: int = 3

    @classmethod
    def for_model(cls, model_name: str, path: Path = CALIBRATION_FILE) -> Calibration:
        """The fitted calibration of ``model_name``; the defaults when none was fitted."""
        try:
            data = json.loads(path.read_text(encoding="utf-8")).get(model_name)
        except FileNotFoundError:
            data = None
        if not data:
            return cls()
        return cls(
            weights=tuple(data["weights"]),
            threshold=float(data["threshold"]),
            tau=float(data.get("tau", 0.02)),
            max_goals=int(data.get("max_goals", 3)),
        )


@dataclass
class GoalScore:
    goal: int
    score: float
    suggested: bool


@dataclass
class TargetScore:
    target: str
    score: float
    suggested: bool


@dataclass
class Result:
    goals: list[GoalScore] = field(default_factory=list)
    targets: list[TargetScore] = field(default_factory=list)

    def as_dict(self, *, limit: int = 5) -> dict[str, Any]:
        """The JSON shape of ``translocal sdg suggest --jsonl``: the suggested goals and targets
        and the best others, up to ``limit`` of each (more when more are suggested)."""
        goals = [g for i, g in enumerate(self.goals) if g.suggested or i < limit]
        targets = [t for i, t in enumerate(self.targets) if t.suggested or i < limit]
        return {
            "goals": [
                {"goal": int(g.goal), "score": round(float(g.score), 3), "suggested": bool(g.suggested)} for g in goals
            ],
            "targets": [
                {"target": t.target, "score": round(float(t.score), 3), "suggested": bool(t.suggested)}
                for t in targets
            ],
        }


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


class Suggester:
    """Built once per process and model (``get_suggester``); ``suggest`` is thread-safe as far
    as the embedder is."""

    def __init__(self, catalogue: Catalogue, embedder: Any, calibration: Calibration | None = None) -> None:
        self.catalogue = catalogue
        self.embedder = embedder
        self.model_name: str = embedder.name
        self.calibration = calibration or Calibration.for_model(embedder.name)
        self.target_codes = sorted(catalogue.targets, key=_target_order)
        self.target_goal = np.array([int(code.split(".")[0]) for code in self.target_codes])
        texts = [catalogue.goals.get(g, "") for g in GOALS] + [catalogue.targets[c] for c in self.target_codes]
        matrix = reference_vectors(embedder, texts)
        self.goal_matrix = matrix[: len(GOALS)]
        self.target_matrix = matrix[len(GOALS) :]

    def features(
        self, vectors: np.ndarray, texts: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, list[set[str]]]:
        """(goal features of shape (n, 17, 4): bias, z, gap, cue; target cosines (n, targets);
        the target cues found in each text)."""
        goal_cos = vectors @ self.goal_matrix.T
        target_cos = vectors @ self.target_matrix.T if len(self.target_codes) else np.zeros((len(texts), 0))
        best = goal_cos.copy()
        for index, goal in enumerate(GOALS):
            columns = self.target_goal == goal
            if columns.any():
                best[:, index] = np.maximum(best[:, index], target_cos[:, columns].max(axis=1))
        z = (best - best.mean(axis=1, keepdims=True)) / (best.std(axis=1, keepdims=True) + 1e-6)
        gap = best - best.max(axis=1, keepdims=True)
        cue = np.zeros_like(best)
        found_targets = []
        for row, text in enumerate(texts):
            folded = fold(text[:MAX_CHARS])
            for goal, count in goal_cues(folded).items():
                cue[row, goal - 1] = min(count, 3) / 3
            found_targets.append(target_cues(folded))
        features = np.stack([np.ones_like(best), z, gap, cue], axis=-1)
        return features, target_cos, found_targets

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        return self.embedder.passages([text[:MAX_CHARS] for text in texts])

    def suggest(self, texts: Sequence[str], vectors: np.ndarray | None = None) -> list[Result]:
        """One Result per text, goals and targets best first. ``vectors`` (the texts' passage
        vectors under this model) spares embedding them again."""
        if not texts:
            return []
        if vectors is None:
            vectors = self.embed(texts)
        features, target_cos, found_targets = self.features(vectors, texts)
        scores = _sigmoid(features @ np.asarray(self.calibration.weights))
        return [self._result(scores[i], target_cos[i], found_targets[i]) for i in range(len(texts))]

    def _result(self, goal_scores: np.ndarray, target_cos: np.ndarray, cues: set[str]) -> Result:
        calibration = self.calibration
        order = np.argsort(-goal_scores, kind="stable")
        suggested_goals = {
            GOALS[i] for rank, i in enumerate(order)
            if rank < calibration.max_goals and goal_scores[i] >= calibration.threshold
        }
        result = Result(
            goals=[GoalScore(GOALS[i], float(goal_scores[i]), GOALS[i] in suggested_goals) for i in order]
        )
        targets: list[TargetScore] = []
        for goal in GOALS:
            columns = np.flatnonzero(self.target_goal == goal)
            if not len(columns):
                continue
            goal_score = float(goal_scores[goal - 1])
            best = target_cos[columns].max()
            for column in columns:
                code = self.target_codes[column]
                closeness = float(np.exp((target_cos[column] - best) / calibration.tau))
                has_cue = code in cues
                score = goal_score * (0.6 * closeness + (0.4 if has_cue else 0.0))
                suggested = bool(
                    goal in suggested_goals and (target_cos[column] == best or (has_cue and score >= 0.5 * goal_score))
                )
                targets.append(TargetScore(code, min(score, 1.0), suggested))
        targets.sort(key=lambda t: (-t.score, _target_order(t.target)))
        result.targets = targets
        return result


def reference_cache_dir() -> Path | None:
    """Where reference vectors are kept (``SDG_REFERENCE_CACHE``, default ``var/cache/sdg``);
    None (not kept) when it is set empty or Django is not configured."""
    from django.conf import settings

    if not settings.configured:
        return None
    configured = getattr(settings, "SDG_REFERENCE_CACHE", None)
    if configured is None:
        return Path(settings.VAR_DIR) / "cache" / "sdg"
    return Path(configured) if configured else None


def reference_vectors(embedder: Any, texts: list[str]) -> np.ndarray:
    """The passage vectors of the reference ``texts`` under ``embedder``: read from the cache
    directory when a file for exactly this model and these texts is there, else computed and
    written there (atomically: a reader never sees half a file). The file's name is a digest
    of the model's name, its dimensions and the texts, so a change of either is a new file;
    a file of the wrong shape or one that cannot be read is computed again."""
    directory = reference_cache_dir()
    digest = hashlib.sha256(
        json.dumps([embedder.name, int(embedder.dimensions), texts], ensure_ascii=False).encode()
    ).hexdigest()[:32]
    path = directory / f"references-{digest}.npy" if directory is not None else None
    expected = (len(texts), int(embedder.dimensions))
    if path is not None and path.exists():
        try:
            cached = np.load(path, allow_pickle=False)
        except (OSError, ValueError) as error:
            logger.warning("SDG reference vectors at %s not readable (%s): computing them again", path, error)
        else:
            if cached.shape == expected and cached.dtype == np.float32:
                return cached
    matrix = np.asarray(embedder.passages(texts), dtype=np.float32).reshape(expected)
    if path is not None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(handle, "wb") as file:
                np.save(file, matrix, allow_pickle=False)
            os.replace(temporary, path)
        except OSError as error:  # a read-only disk: the vectors still serve this process
            logger.warning("SDG reference vectors not kept at %s: %s", path, error)
    return matrix


def _target_order(code: str) -> tuple[int, int]:
    goal, _, part = code.partition(".")
    return int(goal), int(part) if part.isdigit() else 100 + ord(part[:1] or "a")


def catalogue_from_terms() -> Catalogue:
    """The reference texts from the SDG terms in the database (targets only once imported:
    ``translocal import sdg PATH``), with our concise goal labels in English."""
    from django.utils import translation

    from translocal.taxonomy.models import Vocabulary
    from translocal.taxonomy.selectors import terms_for

    from .labels import GOAL_LABELS

    goals: dict[int, str] = {}
    targets: dict[str, str] = {}
    with translation.override("en"):
        for term in terms_for(Vocabulary.SDG):
            if term.parent_id is None and term.slug.isdigit():
                number = int(term.slug)
                label = re.sub(r"^\d+\.\s*", "", term.label)
                goals[number] = ". ".join(p for p in (label, str(GOAL_LABELS.get(number, "")), term.description) if p)
            elif "." in term.slug:
                targets[term.slug] = term.description or re.sub(r"^[\d.a-z]+\s*", "", term.label)
    return Catalogue(goals=goals, targets=targets)


def catalogue_from_yaml(directory: Path) -> Catalogue:
    """The reference texts straight from open-sdg YAML (``directory`` holds global_goals.yml
    and global_targets.yml), for benchmarks that run without a database."""
    import yaml
    from django.utils import translation

    from .labels import GOAL_LABELS

    goal_data = yaml.safe_load((directory / "global_goals.yml").read_text(encoding="utf-8"))
    target_data = yaml.safe_load((directory / "global_targets.yml").read_text(encoding="utf-8"))
    goals: dict[int, str] = {}
    with translation.override("en"):
        for number in GOALS:
            parts = (
                goal_data.get(f"{number}-short", ""), str(GOAL_LABELS[number]), goal_data.get(f"{number}-title", "")
            )
            goals[number] = ". ".join(" ".join(str(p).split()) for p in parts if p)
    targets = {}
    for key, text in target_data.items():
        match = re.match(r"^(\d{1,2})-([0-9a-z]{1,2})-title$", str(key))
        if match and text:
            targets[f"{match[1]}.{match[2]}"] = " ".join(str(text).split())
    return Catalogue(goals=goals, targets=targets)


@lru_cache(maxsize=4)
def _cached(catalogue_key: str, model_name: str, embedder: Any) -> Suggester:
    goals, targets = json.loads(catalogue_key)
    catalogue = Catalogue(goals={int(k): v for k, v in goals}, targets=dict(targets))
    return Suggester(catalogue, embedder)


def get_suggester(embedder: Any = None) -> Suggester:
    """The process's suggester for the current SDG terms and the configured embedder; rebuilt
    when the terms' texts change (two queries to check)."""
    from translocal.intelligence.services import get_embedder

    embedder = embedder or get_embedder()
    return _cached(catalogue_from_terms().key(), embedder.name, embedder)
