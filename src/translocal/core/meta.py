"""Typed reads of model metadata: ``_meta.get_field`` may return a relation or a generic key,
so code that needs a concrete column's length or name asks here, and learns at import time
(ImproperlyConfigured) if a model change broke that assumption."""

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Field, Model


def concrete_field(model: type[Model], name: str) -> Field:
    """The concrete (column-backed) field `name` of `model`."""
    field = model._meta.get_field(name)
    if not isinstance(field, Field) or field.column is None:
        raise ImproperlyConfigured(f"{model.__name__}.{name} is not a concrete field")
    return field


def max_length(model: type[Model], name: str) -> int:
    """The ``max_length`` of a text field of `model`, in characters."""
    length = concrete_field(model, name).max_length
    if length is None:
        raise ImproperlyConfigured(f"{model.__name__}.{name} has no max_length")
    return length


def column(model: type[Model], name: str) -> str:
    """The database column of the concrete field `name` of `model` (unquoted)."""
    return str(concrete_field(model, name).column)
