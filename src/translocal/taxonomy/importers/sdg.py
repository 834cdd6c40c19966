"""Import the SDG goals and targets from the open-sdg translation format (global_goals.yml:
``11-short``/``11-title``; global_targets.yml: ``11-3-title``) as terms of the "sdg" vocabulary:
goals with slugs "1".."17", targets with slugs like "11.3" whose parent is their goal.

English gives the labels and descriptions; every other language directory beside ``en/``
(es, ca, fr, sw in the open-sdg data) gives the same texts in that language, stored in
``Term.labels`` and ``Term.descriptions`` under the directory's name and shown to readers of
that language (merged over what the term has: the goals' Swedish names come from
data/vocabularies.json). A language that lacks a goal or target leaves it English there; a translated
record that is not a text is reported as a "translation" problem ("es/11-3-title").

Every record is checked on its own: a bad one (an unrecognised key, a text that is not text, a
target of a goal the file lacks, a row the database refuses) is reported as "record N" of its
file with the reason, and the others are imported. A run writes one audit row (action
"import", its counts in the details, the path as the reason).
"""

import re
import time
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.utils.translation import gettext, gettext_noop

from translocal.core import meta
from translocal.core.audit_hook import record_action
from translocal.core.caching import content_changed_after_commit
from translocal.core.import_report import ImportReport, message

from ..models import Term, Vocabulary
from ..services import IMPORT, resync_classified

_GOAL_KEY = re.compile(r"^(\d{1,2})-(short|title)$")
_TARGET_KEY = re.compile(r"^(\d{1,2})-([0-9a-z]{1,2})-title$")
GOALS_FILE = "global_goals.yml"
TARGETS_FILE = "global_targets.yml"
LABEL_MAX = meta.max_length(Term, "label")
#: Longest description kept (characters); the official texts are under 600.
DESCRIPTION_MAX = 2000


@dataclass(frozen=True)
class _Record:
    number: int  # 1-based position in its file
    key: str
    text: str


def _load_yaml(path: Path, report: ImportReport, kind: str) -> list[_Record]:
    """The file's records in file order. A value that is not a plain text (a list, a mapping)
    is reported as a bad record; the file itself must be a mapping, or nothing is imported."""
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - PyYAML is a dependency
        raise ValidationError(gettext("Importing the SDGs needs PyYAML: pip install PyYAML")) from exc
    if not path.is_file():
        raise ValidationError(gettext("%(path)s is missing: PATH must hold en/%(goals)s and en/%(targets)s.") % {
            "path": path, "goals": GOALS_FILE, "targets": TARGETS_FILE})
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise ValidationError(
            gettext("%(path)s is not readable YAML: %(error)s") % {"path": path, "error": exc}
        ) from exc
    if not isinstance(data, dict):
        raise ValidationError(gettext("%(path)s is not a mapping of keys to texts.") % {"path": path})
    records = []
    for number, (key, value) in enumerate(data.items(), start=1):
        report.locate(kind, str(key), message(gettext_noop("%(file)s record %(n)s"), file=path.name, n=number))
        if value is None:
            continue
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            report.fail(kind, str(key), message(gettext_noop("the text is a %(type)s, not a text"),
                                                type=type(value).__name__))
            continue
        # NFC: some of the data set's files write accents as combining marks.
        records.append(_Record(number, str(key), unicodedata.normalize("NFC", " ".join(str(value).split()))))
    return records


def _english_dir(path: Path) -> Path:
    return path / "en" if (path / "en").is_dir() else path


def _translations(english: Path, report: ImportReport) -> dict[str, dict[str, str]]:
    """{language: {key: text}} from the language directories beside ``english`` (only when it
    is an ``en`` directory: a flat directory of English files has no siblings to read)."""
    if english.name != "en":
        return {}
    found: dict[str, dict[str, str]] = {}
    for directory in sorted(english.parent.iterdir()):
        if directory == english or not (directory / GOALS_FILE).is_file():
            continue
        language = directory.name.lower().replace("_", "-")
        texts: dict[str, str] = {}
        for name in (GOALS_FILE, TARGETS_FILE):
            if not (directory / name).is_file():
                continue
            scratch = ImportReport(source=str(directory))
            try:
                records = _load_yaml(directory / name, scratch, "translation")
            except ValidationError as exc:
                report.fail("translation", f"{language}/{name}", "; ".join(exc.messages))
                continue
            for problem in scratch.problems:
                report.fail("translation", f"{language}/{problem.item_id}", problem.reason)
            texts.update({record.key: record.text for record in records if record.text})
        found[language] = texts
    return found


def _label(prefix: str, text: str) -> str:
    label = f"{prefix} {text}"
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rsplit(" ", 1)[0] + "…"


def _target_position(goal: int, part: str) -> int:
    # 11.1 .. 11.10 first, then 11.a, 11.b (the official order).
    order = int(part) if part.isdigit() else 100 + ord(part[0]) - ord("a")
    return goal * 1000 + order


class _Writer:
    """Creates or updates SDG terms one by one, each in a savepoint: a row the database
    refuses is reported and the rest of the import goes on."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        self.existing = {t.slug: t for t in Term.objects.filter(vocabulary=Vocabulary.SDG)}
        self.relabelled: list[Term] = []

    def upsert(
        self, kind: str, key: str, *, slug: str, label: str, description: str, position: int, parent: Term | None,
        labels: dict[str, str], descriptions: dict[str, str],
    ) -> Term | None:
        if len(description) > DESCRIPTION_MAX:
            self.report.fail(kind, key, message(gettext_noop("the text is longer than %(n)s characters"),
                                                n=DESCRIPTION_MAX))
            return None
        term = self.existing.get(slug)
        descriptions = {language: text[:DESCRIPTION_MAX] for language, text in descriptions.items()}
        if term is not None:
            # A language the data set lacks (Swedish: from the vocabulary file) is kept.
            labels = {**(term.labels or {}), **labels}
            descriptions = {**(term.descriptions or {}), **descriptions}
        wanted = {
            "label": label, "description": description, "position": position, "parent": parent,
            "labels": labels, "descriptions": descriptions,
        }
        try:
            with transaction.atomic():
                if term is None:
                    term = Term.objects.create(vocabulary=Vocabulary.SDG, slug=slug, **wanted)
                    self.existing[slug] = term
                    self.report.created[kind] += 1
                    return term
                relabelled = term.label != label or term.labels != labels
                if all(getattr(term, name) == value for name, value in wanted.items()):
                    self.report.updated[kind] += 1
                    self.report.unchanged[kind] += 1
                    return term
                for name, value in wanted.items():
                    setattr(term, name, value)
                term.save(update_fields=list(wanted))
        except DatabaseError as exc:
            self.report.fail(kind, key, message(gettext_noop("rejected by the database: %(error)s"), error=str(exc)))
            return None
        if relabelled:
            self.relabelled.append(term)
        self.report.updated[kind] += 1
        return term


def import_sdg(*, path: Path, acting_user: Any = None) -> ImportReport:
    """Create or update the 17 goals and their targets; idempotent (matched on slug).

    ``acting_user``: who ran it, for the audit row (None: the system, e.g. the command run by an
    operator). Raises ValidationError when a file is missing or is not a YAML mapping (nothing
    is written then); bad records are in the report's ``problems``."""
    started = time.perf_counter()
    directory = _english_dir(Path(path))
    report = ImportReport(source=f"open-sdg ({directory})")
    report.created.update({"goal": 0, "target": 0})  # list goals first in the summary
    goal_records = _load_yaml(directory / GOALS_FILE, report, "goal")
    target_records = _load_yaml(directory / TARGETS_FILE, report, "target")
    translations = _translations(directory, report)

    def translated(make: Any, *keys: str) -> dict[str, str]:
        """{language: make(text, ...)} for the languages that have every one of ``keys``."""
        return {
            language: make(*(texts[key] for key in keys))
            for language, texts in translations.items()
            if all(texts.get(key) for key in keys)
        }

    goals: dict[int, dict[str, str]] = {}
    goal_keys: dict[int, str] = {}
    for record in goal_records:
        match = _GOAL_KEY.match(record.key)
        if not match:
            report.fail("goal", record.key, gettext_noop("unrecognised key (expected N-short or N-title)"))
            continue
        number = int(match[1])
        if not 1 <= number <= 17:
            report.fail("goal", record.key, message(gettext_noop("there is no goal %(n)s"), n=number))
            continue
        goals.setdefault(number, {})[match[2]] = record.text
        goal_keys.setdefault(number, record.key)

    with transaction.atomic():
        writer = _Writer(report)
        goal_terms: dict[int, Term] = {}
        for number in sorted(goals):
            texts = goals[number]
            if not texts.get("short"):
                report.fail("goal", goal_keys[number], message(
                    gettext_noop("goal %(n)s has no short name (%(n)s-short)"), n=number))
                continue
            term = writer.upsert(
                "goal", goal_keys[number], slug=str(number), label=_label(f"{number}.", texts["short"]),
                description=texts.get("title", ""), position=number, parent=None,
                labels=translated(lambda short, n=number: _label(f"{n}.", short), f"{number}-short"),
                descriptions=translated(str, f"{number}-title"),
            )
            if term is not None:
                goal_terms[number] = term

        for record in target_records:
            match = _TARGET_KEY.match(record.key)
            if not match:
                report.fail("target", record.key, gettext_noop("unrecognised key (expected N-X-title)"))
                continue
            if not record.text:
                report.fail("target", record.key, gettext_noop("the text is empty"))
                continue
            goal_number, part = int(match[1]), match[2]
            goal = goal_terms.get(goal_number)
            if goal is None:
                report.fail("target", record.key, message(gettext_noop("goal %(n)s is not in %(file)s"),
                                                          n=goal_number, file=GOALS_FILE))
                continue
            slug = f"{goal_number}.{part}"
            writer.upsert(
                "target", record.key, slug=slug, label=_label(slug, record.text), description=record.text,
                position=_target_position(goal_number, part), parent=goal,
                labels=translated(lambda text, s=slug: _label(s, text), record.key),
                descriptions=translated(str, record.key),
            )
        for term in writer.relabelled:
            resync_classified(term)  # entries show the label in search
        report.seconds = time.perf_counter() - started
        record_action(
            acting_user=acting_user, action=IMPORT, target=None, reason=str(path),
            details={"source": "sdg", **report.audit_details()},
        )
        if sum(report.created.values()) or len(writer.relabelled) or any(
            report.updated[k] - report.unchanged[k] for k in report.updated
        ):
            content_changed_after_commit()
    return report
