"""Keeping the search index in step with the content. Services of other apps call

    sync_after_commit(case)         during any write to it, delete included: once the write
                                    commits, the object is re-read by primary key and indexed
                                    if public, removed otherwise; then the content version moves
    sync_located_after_commit(pk)   after a change to a place that documents located there
                                    repeat (its names)
    index_instances(queryset)       after a bulk write such as an import (outside a transaction);
                                    each indexed object is announced as a single write's is
                                    (search.semantic: its embedding, its SDG suggestions)

``index_instance``/``remove_instance`` do the same at once, for commands and repairs.

Objects of models that are not registered are ignored, so callers need not check."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from itertools import islice

from django.db import transaction
from django.db.models import Model, QuerySet, prefetch_related_objects

from translocal.core.caching import (
    PRIVATE,
    content_changed,
    content_changed_after_commit,
    version_name_for_model,
)
from translocal.core.side_effects import after_commit

from . import semantic
from .backends import get_backend
from .registry import Registration, SearchDocument, registration_for, registration_for_kind, registrations

BATCH = 500


def sync_after_commit(instance: Model) -> None:
    """Once the current transaction commits, bring `instance`'s index entry in line with the
    database: re-read by primary key, indexed if public, removed if not public or deleted.
    Several calls for one object in one transaction sync it once; the content version then
    moves once (core.caching.content_changed_after_commit). Ignores unregistered models and
    unsaved instances. Call it before a delete too: it keeps only the model and the key."""
    registration = registration_for(instance)
    if registration is None or instance.pk is None:
        return
    model, pk = registration.model, instance.pk
    outcome = SyncOutcome()
    after_commit(("search", model._meta.label_lower, pk), lambda: outcome.note(sync_now(model, pk)))
    # After the index followed: the embedding (a background task) of a kind that has one.
    semantic.changed_after_commit(registration.kind, pk)
    # A write no one else can see (a draft before and after) leaves every shared cached page
    # valid: only the owner's per-viewer fragments (their search results) must move on.
    content_changed_after_commit(version_name_for_model(model), only_if=lambda: outcome.public)
    content_changed_after_commit(PRIVATE, only_if=lambda: outcome.synced and not outcome.public)


def sync_located_after_commit(place_id: int) -> None:
    """Once the current transaction commits, re-index every object the index locates at place
    ``place_id`` (the entries whose document named it as their place: hubs, cases, exchanges,
    processes, their translations...), for a change to the place that their documents repeat
    (its names); the place's own entry is among them. One query for the keys,
    then each kind's objects in batches. Knows no domain: kinds come from the registry."""

    def reindex() -> None:
        from .models import SearchEntry

        by_kind: dict[str, list[int]] = defaultdict(list)
        for kind, object_id in SearchEntry.objects.filter(place_id=place_id).values_list("kind", "object_id"):
            by_kind[kind].append(object_id)
        for kind, pks in by_kind.items():
            registration = registration_for_kind(kind)
            if registration is not None:
                _index_queryset(registration, registration.all_objects().filter(pk__in=pks))

    after_commit(("search-located", place_id), reindex)


class SyncOutcome:
    """What one sync found: whether the object was or is public (then shared pages change)."""

    def __init__(self) -> None:
        self.synced = False
        self.public = False

    def note(self, public: bool) -> None:
        self.synced = True
        self.public = public


def sync_now(model: type[Model], pk: int) -> bool:
    """Index object `pk` of `model` as the database has it now (removed when gone or not
    public). Returns whether what others can see may have changed: False only for an object
    that has never been public (its registration's ``never_public``), True otherwise."""
    registration = registration_for(model)
    if registration is None:
        return False
    instance = registration.shape(registration.all_objects().filter(pk=pk)).first()
    # The document is built before the write transaction opens (text extraction is CPU work).
    document = registration.document(instance) if instance is not None else None
    with transaction.atomic():
        get_backend().index(registration.kind, {pk: document})
    never_public = registration.never_public
    return not (instance is not None and never_public is not None and never_public(instance))


def document_for(kind: str, pk: int) -> SearchDocument | None:
    """The search document of object `pk` of registered `kind` as the database has it now;
    None when the kind is unknown or the object is gone."""
    registration = registration_for_kind(kind)
    if registration is None:
        return None
    instance = registration.shape(registration.all_objects().filter(pk=pk)).first()
    return registration.document(instance) if instance is not None else None


def index_instance(instance: Model) -> None:
    """Add, update or (if no longer public) remove one registered object in the index."""
    registration = registration_for(instance)
    if registration is None:
        return
    # Built first (text extraction from HTML is CPU work), so a caller outside a transaction
    # holds no write lock while it runs.
    document = registration.document(instance)
    with transaction.atomic():
        get_backend().index(registration.kind, {instance.pk: document})
        content_changed()  # cached search results are keyed on the content version


def remove_instance(instance: Model) -> None:
    """Remove one object from the index (deleted or unpublished)."""
    registration = registration_for(instance)
    if registration is None or instance.pk is None:
        return
    with transaction.atomic():
        get_backend().remove(registration.kind, [instance.pk])
        content_changed()


def index_instances(instances: QuerySet | Iterable[Model], *, notify: bool = True) -> int:
    """Bulk (re)index many objects of registered models; returns how many are public.

    A queryset is shaped with the registration's select/prefetch hints and read in batches;
    a list of instances gets the same hints through prefetch_related_objects.

    With ``notify`` (the default) each object is announced once its batch commits, as a single
    write's is (``semantic.changed_after_commit``): every listener hears every bulk path (an
    import, a process or an exchange changing who sees its items), so the embedding is computed
    by the background task, never inside the write transaction, and the SDG suggestions follow.
    A bench loader filling a database passes False (no tasks queued); ``rebuild_index``
    announces nothing either (the content did not change)."""
    if isinstance(instances, QuerySet):
        registration = registration_for(instances.model)
        if registration is None:
            return 0
        public = _index_queryset(registration, instances, notify=notify)
        content_changed()
        return public
    by_model: dict[type[Model], list[Model]] = defaultdict(list)
    for instance in instances:
        by_model[type(instance)].append(instance)
    public = 0
    for model, objects in by_model.items():
        registration = registration_for(model)
        if registration is None:
            continue
        for start in range(0, len(objects), BATCH):
            chunk = objects[start : start + BATCH]
            lookups = [*registration.select_related, *registration.prefetch_lookups()]
            if lookups:
                prefetch_related_objects(chunk, *lookups)
            public += _index_batch(registration, chunk, notify=notify)
    content_changed()
    return public


def rebuild_index(*, stdout=None) -> dict[str, int]:  # noqa: ANN001
    """Drop and rebuild the whole index from every registration; returns public counts by kind."""
    backend = get_backend()
    counts: dict[str, int] = {}
    with transaction.atomic():
        backend.clear()
        for registration in registrations():
            counts[registration.kind] = _index_queryset(registration, registration.all_objects())
            if stdout is not None:
                stdout.write(f"{registration.plural}: {counts[registration.kind]} indexed")
        backend.optimize()
        content_changed()
    return counts


def _index_queryset(registration: Registration, queryset: QuerySet, *, notify: bool = False) -> int:
    iterator = registration.shape(queryset).iterator(chunk_size=BATCH)
    public = 0
    # One transaction per batch, opened after the batch's documents are built (_index_batch).
    while chunk := list(islice(iterator, BATCH)):
        public += _index_batch(registration, chunk, notify=notify)
    content_changed()
    return public


def _index_batch(registration: Registration, objects: list[Model], *, notify: bool = False) -> int:
    documents: dict[int, SearchDocument | None] = {obj.pk: registration.document(obj) for obj in objects}
    with transaction.atomic():
        public = get_backend().index(registration.kind, documents)
        if notify:  # the listeners run once this batch commits (or its outer transaction)
            for pk in documents:
                semantic.changed_after_commit(registration.kind, pk)
        return public
