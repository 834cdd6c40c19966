"""Keeping the search index in step with the content. Services of other apps call these
after a write, inside the same transaction, so the index never shows a stale visibility."""

from django.db.models import Model


def index_instance(instance: Model) -> None:
    """Add, update or (if no longer public) remove one registered object in the index."""
    # Filled in by the search app's backend; see translocal.search.registry.


def remove_instance(instance: Model) -> None:
    """Remove one object from the index (deleted or unpublished)."""


def index_instances(instances) -> int:  # noqa: ANN001
    """Bulk (re)index many objects of one registered model; returns how many are public."""
    return 0
