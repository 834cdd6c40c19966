"""The owner kinds under which core.Image rows belong to entries (core.images.registry)."""

from django.db import models

from .models import Case, Reflection

#: The entries that carry images (and a lead image).
ImageEntry = Case | Reflection

OWNER_KINDS: dict[type[models.Model], str] = {Case: "knowledge.case", Reflection: "knowledge.reflection"}


def owner_kind(entry: models.Model) -> str:
    try:
        return OWNER_KINDS[type(entry)]
    except KeyError as unsupported:
        raise ValueError(f"{type(entry).__name__} entries carry no images") from unsupported
