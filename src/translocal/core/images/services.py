"""Writes of images. The apps that own images call these from their own services, after
their permission check:

- ``write_files(processed)`` stores both renditions (call it before the transaction: file
  I/O must not hold the database's write lock); the files of a row that is then never
  created are unused and served to nobody;
- ``create_image(...)`` adds the row, inside the owner's transaction;
- ``delete_images(...)`` removes rows; their files go after the commit unless another row
  still names them (two uploads of the same bytes share one file).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Image
from ..side_effects import after_commit
from .processing import ProcessedImage, Rendition

#: Where the renditions live in the storage: ``images/<first two hex digits>/<name>``.
STORAGE_DIRECTORY = "images"
MAX_ALT_LENGTH = 300


def storage_path(name: str) -> str:
    return f"{STORAGE_DIRECTORY}/{name[:2]}/{name}"


def _write(rendition: Rendition) -> None:
    path = storage_path(rendition.name)
    if default_storage.exists(path):
        return  # the same bytes are stored already
    saved = default_storage.save(path, ContentFile(rendition.data))
    if saved != path:
        # Another upload of the same bytes won the race: keep its file, drop the copy.
        default_storage.delete(saved)


def write_files(processed: ProcessedImage) -> None:
    _write(processed.full)
    if processed.thumb.name != processed.full.name:
        _write(processed.thumb)


def clean_alt_text(alt_text: str) -> str:
    alt_text = " ".join((alt_text or "").split())
    if not alt_text:
        raise ValidationError({"alt_text": _("Enter alternative text describing the image")})
    if len(alt_text) > MAX_ALT_LENGTH:
        raise ValidationError(
            {"alt_text": _("Alternative text must be %(limit)s characters or fewer") % {"limit": MAX_ALT_LENGTH}}
        )
    return alt_text


def create_image(
    *, processed: ProcessedImage, alt_text: str, owner_kind: str, owner_id: int, uploaded_by: Any
) -> Image:
    """The row of an image whose files ``write_files`` stored. Call inside the owner's transaction."""
    full, thumb = processed.full, processed.thumb
    return Image.objects.create(
        name=full.name,
        thumb_name=thumb.name,
        format=full.format,
        width=full.width,
        height=full.height,
        thumb_width=thumb.width,
        thumb_height=thumb.height,
        size_bytes=len(full.data),
        alt_text=clean_alt_text(alt_text),
        owner_kind=owner_kind,
        owner_id=owner_id,
        uploaded_by=uploaded_by if getattr(uploaded_by, "pk", None) else None,
    )


def set_alt_text(image: Image, alt_text: str) -> Image:
    image.alt_text = clean_alt_text(alt_text)
    image.save(update_fields=["alt_text"])
    return image


def delete_images(images: Iterable[Image]) -> None:
    """Delete the rows (inside the owner's transaction); their files after the commit."""
    rows = list(images)
    if not rows:
        return
    names = {name for row in rows for name in (row.name, row.thumb_name)}
    Image.objects.filter(pk__in=[row.pk for row in rows]).delete()
    after_commit(("images", "prune", frozenset(names)), lambda: prune_files(names))


def delete_images_of(owner_kind: str, owner_ids: Iterable[int]) -> None:
    """Delete every image of these owners (when the owners themselves are deleted)."""
    delete_images(Image.objects.filter(owner_kind=owner_kind, owner_id__in=list(owner_ids)))


def prune_files(names: Iterable[str]) -> None:
    """Delete the files no row names any more."""
    names = set(names)
    if not names:
        return
    used = set(Image.objects.filter(Q(name__in=names) | Q(thumb_name__in=names)).values_list("name", "thumb_name"))
    still_named = {name for pair in used for name in pair}
    for name in names - still_named:
        default_storage.delete(storage_path(name))
