"""What an import did, in a form a person can act on: counts per type, skip reasons grouped,
and every bad record named with its id and the reason.

Everything a report says is in the reader's language: the importers record their reasons and
notes as English msgids (``gettext_noop``) or, with values in them, as a ``Message`` (a msgid
and its values, ``message("id longer than %(limit)s characters", limit=60)``), and the summary
translates them when it is written, into the active language (the command's ``--language``).
Reasons that are not ours (a database's or a parser's error text) are shown as they came."""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext, gettext_noop, ngettext, pgettext, pgettext_lazy


class Message(str):
    """A translatable message with its values. It is the English text (a ``str``: what logs,
    keys and audit rows keep, and what compares equal to it); ``translated()`` is the text in
    the active language."""

    msgid: str
    values: dict[str, Any]

    def __new__(cls, msgid: str, values: dict[str, Any] | None = None) -> "Message":
        values = dict(values or {})
        text = super().__new__(cls, msgid % values if values else msgid)
        text.msgid, text.values = msgid, values
        return text

    def translated(self) -> str:
        text = gettext(self.msgid)
        return text % self.values if self.values else text


def message(msgid: str, **values: Any) -> Message:
    """A ``Message``; mark ``msgid`` for translation where it is written (``gettext_noop``)."""
    return Message(msgid, values)


def shown(text: "str | Message") -> str:
    """``text`` in the active language: a Message translated with its values, a msgid of the
    catalogue translated, anything else (an error text from elsewhere) as it is."""
    if isinstance(text, Message):
        return text.translated()
    return gettext(text) if text else ""


#: The kinds of records importers name, in the reader's language.
KIND_NAMES = {
    "case": pgettext_lazy("kind of imported record", "case"),
    "method": pgettext_lazy("kind of imported record", "method"),
    "organisation": pgettext_lazy("kind of imported record", "organisation"),
    "goal": pgettext_lazy("kind of imported record", "goal"),
    "target": pgettext_lazy("kind of imported record", "target"),
    "indicator": pgettext_lazy("kind of imported record", "indicator"),
    "translation": pgettext_lazy("kind of imported record", "translation"),
    "term": pgettext_lazy("kind of imported record", "term"),
    "place": pgettext_lazy("kind of imported record", "place"),
}


def kind_name(kind: str) -> str:
    return str(KIND_NAMES.get(kind, kind))


@dataclass(frozen=True)
class Problem:
    kind: str
    item_id: str
    reason: "str | Message"
    where: "str | Message" = ""  # "row 12" of a CSV file, "record 7" of a JSON file

    def __str__(self) -> str:
        values = {"kind": kind_name(self.kind), "id": self.item_id, "reason": shown(self.reason)}
        if self.where:
            return pgettext("an invalid record of an import", "%(where)s (%(kind)s %(id)s): %(reason)s") % {
                **values, "where": shown(self.where)}
        return pgettext("an invalid record of an import", "%(kind)s %(id)s: %(reason)s") % values


#: The reason a malformed record is counted under.
INVALID_DATA = gettext_noop("invalid data")


@dataclass
class ImportReport:
    source: str
    created: Counter = field(default_factory=Counter)
    updated: Counter = field(default_factory=Counter)
    unchanged: Counter = field(default_factory=Counter)  # updated items that were already up to date
    #: duplicates folded into an entry that already existed, per kind (no new row written)
    merged: Counter = field(default_factory=Counter)
    #: kind -> reason (an English msgid, or a Message) -> how many
    skipped: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    problems: list[Problem] = field(default_factory=list)
    new_terms: Counter = field(default_factory=Counter)
    notes: "dict[str | Message, list[str]]" = field(default_factory=lambda: defaultdict(list))
    info: "list[str | Message]" = field(default_factory=list)
    seconds: float = 0.0
    #: (kind, item id) -> where the record is in its file, for the problems named below.
    locations: "dict[tuple[str, str], str | Message]" = field(default_factory=dict)

    def skip(self, kind: str, item_id: str, reason: "str | Message") -> None:
        """An item deliberately left out (empty shell, no title...): counted by reason."""
        self.skipped[kind][reason] += 1

    def locate(self, kind: str, item_id: str, where: "str | Message") -> None:
        """Remember where a record sits in its file ("row 12"), so problems can say so."""
        self.locations[(kind, str(item_id))] = where

    def fail(self, kind: str, item_id: str, reason: "str | Message") -> None:
        """A malformed item: named individually (with where it is in its file, when known),
        counted as skipped, and the import goes on."""
        where = self.locations.get((kind, str(item_id)), "")
        self.problems.append(Problem(kind, str(item_id), reason, where))
        self.skipped[kind][INVALID_DATA] += 1

    def note(self, message: "str | Message", item_id: str) -> None:
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
        """What the import did, in the active language (one line a fact)."""
        lines = [gettext("Import from %(source)s finished in %(seconds)s s.") % {
            "source": shown(self.source), "seconds": f"{self.seconds:.1f}"}]
        for kind in self.kinds:
            unchanged = gettext(" (%(n)d unchanged)") % {"n": self.unchanged[kind]} if self.unchanged[kind] else ""
            lines.append("  " + gettext(
                "%(kind)s: %(created)d created, %(updated)d updated%(unchanged)s, %(skipped)d skipped"
            ) % {"kind": kind_name(kind), "created": self.created[kind], "updated": self.updated[kind],
                 "unchanged": unchanged, "skipped": self.skipped_total(kind)})
            for reason, count in self.skipped[kind].most_common():
                lines.append("      " + gettext("skipped %(count)4d  %(reason)s") % {
                    "count": count, "reason": shown(reason)})
        if any(self.merged.values()):
            total = sum(self.merged.values())
            per = ", ".join(f"{kind_name(kind)}: {n}" for kind, n in sorted(self.merged.items()) if n)
            lines.append("  " + gettext("duplicates merged into an existing entry: %(n)d (%(per)s)") % {
                "n": total, "per": per})
        if self.new_terms:
            total = sum(self.new_terms.values())
            per = ", ".join(f"{v} {k}" for k, v in sorted(self.new_terms.items()))
            lines.append("  " + gettext("new terms added to vocabularies: %(n)d (%(per)s)") % {"n": total, "per": per})
        lines.extend(f"  {shown(line)}" for line in self.info)
        for note, ids in self.notes.items():
            listed = ", ".join(ids[:max_listed]) + (" ..." if len(ids) > max_listed else "")
            lines.append("  " + gettext("note: %(message)s: %(n)d (%(ids)s)") % {
                "message": shown(note), "n": len(ids), "ids": listed})
        if self.problems:
            lines.append("  " + gettext("invalid records (%(n)d):") % {"n": len(self.problems)})
            lines.extend(f"    {problem}" for problem in self.problems[:max_listed])
            if len(self.problems) > max_listed:
                more = len(self.problems) - max_listed
                lines.append("    " + ngettext("... and %(n)d more", "... and %(n)d more", more) % {"n": more})
        return "\n".join(lines)
