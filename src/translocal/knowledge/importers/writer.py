"""Writing mapped records in batches: one transaction per batch, bulk inserts with a per-record
fallback (so one bad record is reported and the others are kept), updates only of rows that
changed, and M2M links written as differences."""

from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from translocal.core.import_report import ImportReport, Message, message
from translocal.core.slugs import SlugAllocator
from translocal.knowledge.models import Status
from translocal.taxonomy.models import Term

from .support import write_m2m

BATCH_SIZE = 250


class SkipItem(Exception):  # noqa: N818 - a deliberate skip, not an error
    """This record is deliberately left out; the message is the grouped reason."""


@dataclass
class Mapped:
    source_id: str
    title: str
    fields: dict[str, Any]
    many: dict[str, list[Term]] = field(default_factory=dict)
    text: str = ""  # plain text, for finding the methods a case names


class BatchWriter:
    """Creates or updates the records of one model, batch by batch, and remembers which rows
    changed so only those are re-indexed."""

    def __init__(
        self, model: type[models.Model], kind: str, many_fields: Iterable[str], report: ImportReport,
        *, source: str, licence: str, attribution: str,
    ) -> None:
        self.model, self.kind, self.report = model, kind, report
        self.source, self.licence, self.attribution = source, licence, attribution
        self.many_fields = list(many_fields)
        self.existing: dict[str, int] = dict(
            model._default_manager.filter(source_name=source).values_list("source_id", "pk")
        )
        self.slugs = SlugAllocator(model)
        self.saved: dict[str, int] = {}
        self.changed: set[int] = set()
        self.texts: dict[int, str] = {}

    def _new(self, item: Mapped) -> models.Model:
        return self.model(
            **item.fields,
            slug=self.slugs.allocate(item.title, f"{self.kind}-{item.source_id}"),
            status=Status.PUBLISHED,
            source_name=self.source,
            source_id=item.source_id,
            licence=self.licence,
            attribution=self.attribution,
        )

    def _create(self, items: list[Mapped]) -> list[tuple[Mapped, int]]:
        objects = [self._new(item) for item in items]
        try:
            with transaction.atomic():
                self.model._default_manager.bulk_create(objects)
            return [(item, obj.pk) for item, obj in zip(items, objects, strict=True)]
        except (DatabaseError, ValueError, OverflowError):
            pass  # one bad row: retry one by one so only that row is lost
        created = []
        for item, obj in zip(items, objects, strict=True):
            obj.pk = None
            obj._state.adding = True
            try:
                with transaction.atomic():
                    obj.save()
            except (DatabaseError, ValueError, OverflowError) as exc:
                self.report.fail(self.kind, item.source_id, _rejected(exc))
                continue
            created.append((item, obj.pk))
        return created

    def _update(self, items: list[Mapped]) -> list[tuple[Mapped, int]]:
        """Write only the rows that differ, and only the fields the import owns: moderation
        status, featuring, hub and slug set on our side survive a re-import."""
        if not items:
            return []
        columns = {
            name: f"{name}_id" if isinstance(value, models.Model) else name
            for name, value in items[0].fields.items()
        }
        pks = [self.existing[item.source_id] for item in items]
        rows = self.model._default_manager.filter(pk__in=pks).values("pk", *columns.values())
        current = {row.pop("pk"): row for row in rows}
        now, updated = timezone.now(), []
        for item, pk in zip(items, pks, strict=True):
            wanted = {
                columns[name]: value.pk if isinstance(value, models.Model) else value
                for name, value in item.fields.items()
            }
            if current.get(pk) != wanted:
                try:
                    with transaction.atomic():
                        self.model._default_manager.filter(pk=pk).update(updated_at=now, **item.fields)
                except (DatabaseError, ValueError, OverflowError) as exc:
                    self.report.fail(self.kind, item.source_id, _rejected(exc))
                    continue
                self.changed.add(pk)
            updated.append((item, pk))
        return updated

    def write(self, batch: list[Mapped]) -> None:
        created = self._create([item for item in batch if item.source_id not in self.existing])
        updated = self._update([item for item in batch if item.source_id in self.existing])
        self.report.created[self.kind] += len(created)
        self.report.updated[self.kind] += len(updated)
        links: dict[str, dict[int, list[Term]]] = defaultdict(dict)
        for item, pk in (*created, *updated):
            self.existing[item.source_id] = self.saved[item.source_id] = pk
            self.texts[pk] = item.text
            for name, terms in item.many.items():
                links[name][pk] = terms
        self.changed.update(pk for _, pk in created)
        saved_pks = [pk for _, pk in (*created, *updated)]
        for name in self.many_fields:
            self.changed |= write_m2m(self.model, name, links[name], replace=saved_pks)
        self.report.unchanged[self.kind] += sum(pk not in self.changed for _, pk in updated)


def run_batches(
    records: Iterable[tuple[str, Any]], mapper: Callable[[str, Any], Mapped], writer: BatchWriter
) -> None:
    def batches() -> Iterator[list[tuple[str, Any]]]:
        batch: list[tuple[str, Any]] = []
        for record in records:
            batch.append(record)
            if len(batch) >= BATCH_SIZE:
                yield batch
                batch = []
        if batch:
            yield batch

    for batch in batches():
        # Records are mapped (HTML sanitised, text converted) before the batch's transaction
        # opens: CPU work never holds the database's write lock.
        mapped = []
        for item_id, record in batch:
            try:
                mapped.append(mapper(item_id, record))
            except SkipItem as skip:
                writer.report.skip(writer.kind, item_id, _reason(skip))
            except (ValueError, TypeError, KeyError, AttributeError, OverflowError, ValidationError) as exc:
                writer.report.fail(writer.kind, item_id, _reason(exc))
        # One transaction per batch; each record gets a savepoint inside BatchWriter.write.
        with transaction.atomic():
            writer.write(mapped)


def _rejected(exc: Exception) -> Message:
    return message(gettext_noop("rejected by the database: %(error)s"), error=str(exc))


def _reason(exc: Exception) -> "str | Message":
    """What an importer's exception says: its Message (translated in the report) or its text."""
    if exc.args and isinstance(exc.args[0], Message):
        return exc.args[0]
    return str(exc) or exc.__class__.__name__
