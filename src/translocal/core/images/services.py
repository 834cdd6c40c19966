"""Writes of images. The apps that own images call these from their own services, after
their permission check:

- ``files_stored(processed, ...)`` wraps the owner's transaction: it stores both renditions
  before the transaction opens (file I/O must not hold the database's write lock) and, when
  the block raises, deletes after the rollback the files it wrote that no row names (two
  uploads of the same bytes share one file, so a file that was there already is kept);
- ``write_files(processed)`` only stores the renditions;
- ``create_image(...)`` adds the row, inside the owner's transaction;
- ``delete_images(...)`` removes rows; their files go after the commit unless another row
  still names them (two uploads of the same bytes share one file);
- ``sweep_orphan_files(...)`` (``translocal sweep_images``, scheduled by scripts/serve.sh)
  deletes the stored files no row names that are older than a grace period: what the paths
  above cannot clean (a caller's outer transaction rolled back after the upload block, two
  uploads of the same bytes racing, a process killed between the write and the commit).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Image
from ..side_effects import after_commit
from .processing import ProcessedImage, Rendition

#: Where the renditions live in the storage: ``images/<first two hex digits>/<name>``.
STORAGE_DIRECTORY = "images"
MAX_ALT_LENGTH = 300

logger = logging.getLogger(__name__)


def storage_path(name: str) -> str:
    return f"{STORAGE_DIRECTORY}/{name[:2]}/{name}"


def _write(rendition: Rendition, written: set[str]) -> None:
    path = storage_path(rendition.name)
    if default_storage.exists(path):
        return  # the same bytes are stored already
    saved = default_storage.save(path, ContentFile(rendition.data))
    if saved != path:
        # Another upload of the same bytes won the race: keep its file, drop the copy.
        default_storage.delete(saved)
        return
    written.add(rendition.name)


def write_files(processed: ProcessedImage, written: set[str] | None = None) -> set[str]:
    """Store both renditions; the names of the files this call wrote (not there before) are
    added to ``written`` as they are stored, and returned."""
    written = set() if written is None else written
    _write(processed.full, written)
    if processed.thumb.name != processed.full.name:
        _write(processed.thumb, written)
    return written


@contextmanager
def files_stored(*uploads: ProcessedImage | None) -> Iterator[None]:
    """Store the renditions of ``uploads`` (None: no upload) before the block, which holds the
    owner's transaction. When the block raises, the transaction has rolled back by the time
    this runs: the files this call wrote are deleted unless a row names them."""
    written: set[str] = set()
    try:
        for processed in uploads:
            if processed is not None:
                write_files(processed, written)
        yield
    except BaseException:
        try:
            prune_files(written)
        except Exception:
            logger.exception("Could not delete the files of a failed upload: %s", sorted(written))
        raise


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


#: Files younger than this are never swept: an upload stores its files before its row commits.
SWEEP_GRACE = dt.timedelta(hours=24)
_SWEEP_BATCH = 500


@dataclass
class SweepReport:
    """What a sweep found under ``STORAGE_DIRECTORY``: the files it deleted (or would, in a dry
    run), the unnamed ones it kept for being recent, and how many rows still name."""

    deleted: list[str] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)
    named: int = 0


def _stored_names() -> list[str]:
    """The file names stored under ``images/<two hex digits>/`` (other files are not ours)."""
    names: list[str] = []
    if not default_storage.exists(STORAGE_DIRECTORY):
        return names
    directories, _files = default_storage.listdir(STORAGE_DIRECTORY)
    for directory in sorted(directories):
        _subdirectories, files = default_storage.listdir(f"{STORAGE_DIRECTORY}/{directory}")
        names.extend(name for name in sorted(files) if name[:2] == directory)
    return names


def sweep_orphan_files(*, grace: dt.timedelta = SWEEP_GRACE, dry_run: bool = False) -> SweepReport:
    """Delete the stored renditions no ``core.Image`` row names (as its full size or thumbnail)
    whose file is older than ``grace`` (by the storage's modified time); ``dry_run`` only
    reports. Names are checked against the rows in batches of 500 (one query each); a file a
    row names again by the time it is deleted is kept, as ``prune_files`` checks again."""
    report = SweepReport()
    names = _stored_names()
    cutoff = timezone.now() - grace
    for start in range(0, len(names), _SWEEP_BATCH):
        batch = set(names[start : start + _SWEEP_BATCH])
        rows = Image.objects.filter(Q(name__in=batch) | Q(thumb_name__in=batch)).values_list("name", "thumb_name")
        named = {name for pair in rows for name in pair} & batch
        report.named += len(named)
        for name in sorted(batch - named):
            if default_storage.get_modified_time(storage_path(name)) > cutoff:
                report.recent.append(name)
            else:
                report.deleted.append(name)
    if not dry_run:
        prune_files(report.deleted)
    return report
