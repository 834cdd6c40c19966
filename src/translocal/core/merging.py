"""Folding one row into another of the same model: every row elsewhere that points at the
duplicate points at the kept one instead. Asked through the model's meta, so a low app (places)
can merge its rows without importing the apps above that point at them."""

from django.db import models
from django.db.models import ForeignObjectRel


def move_references(*, duplicate: models.Model, keep: models.Model) -> int:
    """Re-point every foreign key and many-to-many link from ``duplicate`` to ``keep`` (a
    many-to-many link ``keep`` already has is dropped rather than doubled). Returns the number
    of rows moved. Call inside the transaction that then deletes ``duplicate``."""
    if type(duplicate) is not type(keep):
        raise TypeError("only rows of one model can be merged")
    moved = 0
    for relation in duplicate._meta.get_fields(include_hidden=True):
        if not isinstance(relation, ForeignObjectRel):
            continue
        related = relation.related_model
        field = relation.field
        if not isinstance(related, type) or isinstance(field, models.ManyToManyField):
            continue  # a many-to-many is moved through its own table's foreign keys
        rows = related._default_manager.filter(**{field.name: duplicate})
        if related._meta.auto_created:
            other = next(f.name for f in related._meta.fields if f.is_relation and f.name != field.name)
            already = related._default_manager.filter(**{field.name: keep}).values_list(other, flat=True)
            rows.filter(**{f"{other}__in": list(already)}).delete()
        moved += rows.update(**{field.name: keep})
    return moved
