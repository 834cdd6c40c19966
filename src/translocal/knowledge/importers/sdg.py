"""Import the SDG goals and targets from the open-sdg translation format (global_goals.yml:
``11-short``/``11-title``; global_targets.yml: ``11-3-title``) as terms of the "sdg" vocabulary:
goals with slugs "1".."17", targets with slugs like "11.3" whose parent is their goal.

Only English is imported (labels and descriptions); the other languages of the data set are not
stored, as Term has no translations yet.
"""

import re
import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from translocal.core import meta
from translocal.taxonomy.models import Term, Vocabulary

from .report import ImportReport

_GOAL_KEY = re.compile(r"^(\d{1,2})-(short|title)$")
_TARGET_KEY = re.compile(r"^(\d{1,2})-([0-9a-z]{1,2})-title$")
LABEL_MAX = meta.max_length(Term, "label")


def _load_yaml(path: Path) -> dict[str, str]:
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - PyYAML is a dependency
        raise ValidationError("Importing the SDGs needs PyYAML: pip install PyYAML") from exc
    if not path.is_file():
        raise ValidationError(
            f"{path} is missing: PATH must hold en/global_goals.yml and en/global_targets.yml."
        )
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValidationError(f"{path} is not a mapping of keys to texts.")
    return {str(key): " ".join(str(value).split()) for key, value in data.items() if value is not None}


def _english_dir(path: Path) -> Path:
    return path / "en" if (path / "en").is_dir() else path


def _label(prefix: str, text: str) -> str:
    label = f"{prefix} {text}"
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rsplit(" ", 1)[0] + "…"


def _target_position(goal: int, part: str) -> int:
    # 11.1 .. 11.10 first, then 11.a, 11.b (the official order).
    order = int(part) if part.isdigit() else 100 + ord(part[0]) - ord("a")
    return goal * 1000 + order


@transaction.atomic
def import_sdg(*, path: Path) -> ImportReport:
    """Create or update the 17 goals and their targets; idempotent (matched on slug)."""
    started = time.perf_counter()
    directory = _english_dir(Path(path))
    report = ImportReport(source=f"open-sdg ({directory})")
    report.created.update({"goal": 0, "target": 0})  # list goals first in the summary
    goals_raw = _load_yaml(directory / "global_goals.yml")
    targets_raw = _load_yaml(directory / "global_targets.yml")

    goals: dict[int, dict[str, str]] = {}
    for key, text in goals_raw.items():
        match = _GOAL_KEY.match(key)
        if match:
            goals.setdefault(int(match[1]), {})[match[2]] = text
        else:
            report.fail("goal", key, "unrecognised key")
    existing = {t.slug: t for t in Term.objects.filter(vocabulary=Vocabulary.SDG)}

    def upsert(
        kind: str, slug: str, label: str, description: str, position: int, parent: Term | None
    ) -> Term:
        term = existing.get(slug)
        if term is None:
            term = Term.objects.create(
                vocabulary=Vocabulary.SDG, slug=slug, label=label, description=description,
                position=position, parent=parent,
            )
            existing[slug] = term
            report.created[kind] += 1
            return term
        term.label, term.description, term.position, term.parent = label, description, position, parent
        term.save(update_fields=["label", "description", "position", "parent"])
        report.updated[kind] += 1
        return term

    goal_terms: dict[int, Term] = {}
    for number in sorted(goals):
        texts = goals[number]
        if not texts.get("short"):
            report.fail("goal", str(number), "no short name")
            continue
        goal_terms[number] = upsert(
            "goal", str(number), _label(f"{number}.", texts["short"]), texts.get("title", ""), number, None
        )

    for key, text in targets_raw.items():
        match = _TARGET_KEY.match(key)
        if not match:
            report.fail("target", key, "unrecognised key")
            continue
        goal_number, part = int(match[1]), match[2]
        goal = goal_terms.get(goal_number)
        if goal is None:
            report.fail("target", key, f"goal {goal_number} is not in global_goals.yml")
            continue
        slug = f"{goal_number}.{part}"
        upsert("target", slug, _label(slug, text), text, _target_position(goal_number, part), goal)
    report.seconds = time.perf_counter() - started
    return report
