"""What an import did, in a form a person can act on: counts per type, skip reasons grouped,
and every bad record named with its id and the reason."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Problem:
    kind: str
    item_id: str
    reason: str
    where: str = ""  # "row 12" of a CSV file, "record 7" of a JSON file

    def __str__(self) -> str:
        if self.where:
            return f"{self.where} ({self.kind} {self.item_id}): {self.reason}"
        return f"{self.kind} {self.item_id}: {self.reason}"


@dataclass
class ImportReport:
    source: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)  # updated items that were already up to date
    #: duplicates folded into an entry that already existed, per kind (no new row written)
    merged: Counter = field(default_factory=Counter)
    skipped: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    problems: list[Problem] = field(default_factory=list)
    new_terms: Counter = field(default_factory=Counter)
    notes: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    info: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: (kind, item id) -> where the record is in its file, for the problems named below.
    locations: dict[tuple[str, str], str] = field(default_factory=dict)

    def skip(self, kind: str, item_id: str, reason: str) -> None:
        """An item deliberately left out (empty shell, no title...): counted by reason."""
        self.skipped[kind][reason] += 1

    def locate(self, kind: str, item_id: str, where: str) -> None:
        """Remember where a record sits in its file ("row 12"), so problems can say so."""
        self.locations[(kind, str(item_id))] = where

    def fail(self, kind: str, item_id: str, reason: str) -> None:
        """A malformed item: named individually (with where it is in its file, when known),
        counted as skipped, and the import goes on."""
        where = self.locations.get((kind, str(item_id)), "")
        self.problems.append(Problem(kind, str(item_id), reason, where))
        self.skipped[kind]["invalid data"] += 1

    def note(self, message: str, item_id: str) -> None:
        """Something fixed on the way in (e.g. an end date before the start date was dropped)."""
        self.notes[message].append(str(item_id))

    def skipped_total(self, kind: str) -> int:
        return sum(self.skipped[kind].values())

    @property
    def kinds(self) -> list[str]:
        return list(dict.fromkeys([*self.created, *self.updated, *self.skipped]))

    def audit_details(self) -> dict[str, Any]:
        """The counts of this run, as the details of its audit row: created, updated,
        unchanged and skipped per kind, the number of invalid records and of new terms."""
        return {
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": {kind: n for kind, n in self.unchanged.items() if n},
            "skipped": {kind: self.skipped_total(kind) for kind in self.skipped if self.skipped_total(kind)},
            "merged": {kind: n for kind, n in self.merged.items() if n},
            "invalid": len(self.problems),
            "new_terms": sum(self.new_terms.values()),
        }

    def summary(self, max_listed: int = 20) -> str:
        lines = [f"Import from {self.source} finished in {self.seconds:.1f} s."]
        for kind in self.kinds:
            unchanged = f" ({self.unchanged[kind]} unchanged)" if self.unchanged[kind] else ""
            lines.append(
                f"  {kind}: {self.created[kind]} created, {self.updated[kind]} updated{unchanged}, "
                f"{self.skipped_total(kind)} skipped"
            )
            for reason, count in self.skipped[kind].most_common():
                lines.append(f"      skipped {count:>4}  {reason}")
        if any(self.merged.values()):
            per = ", ".join(f"{n} {kind}s" for kind, n in sorted(self.merged.items()) if n)
            lines.append(f"  duplicates merged into an existing entry: {sum(self.merged.values())} ({per})")
        if self.new_terms:
            total = sum(self.new_terms.values())
            per = ", ".join(f"{v} {k}" for k, v in sorted(self.new_terms.items()))
            lines.append(f"  new terms added to vocabularies: {total} ({per})")
        lines.extend(f"  {line}" for line in self.info)
        for message, ids in self.notes.items():
            shown = ", ".join(ids[:max_listed]) + (" ..." if len(ids) > max_listed else "")
            lines.append(f"  note: {message}: {len(ids)} ({shown})")
        if self.problems:
            lines.append(f"  invalid records ({len(self.problems)}):")
            lines.extend(f"    {problem}" for problem in self.problems[:max_listed])
            if len(self.problems) > max_listed:
                lines.append(f"    ... and {len(self.problems) - max_listed} more")
        return "\n".join(lines)
