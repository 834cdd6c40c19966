"""Images of cases and reflections, through core's one upload path (core.images).

Who may: whoever may edit the entry (its authors, staff: permissions.can_edit). The upload is
decoded, resized and re-encoded by the form before any of this runs (core.images.forms), and
its files are written before the transaction opens (and deleted when it fails); the
transaction only adds or changes rows.
An entry's images are seen by whoever may see the entry (registered in apps.py through
``image_access``); its lead image is shown in lists and on its page."""

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from translocal.accounts.models import User
from translocal.core.images import services as images
from translocal.core.images.processing import ProcessedImage
from translocal.core.images.registry import Access
from translocal.core.models import Image

from .. import permissions
from ..image_kinds import ImageEntry, owner_kind
from ..models import Status
from .common import reindex

#: Most images one entry may carry.
MAX_IMAGES_PER_ENTRY = 30


def _check_can_edit(acting_user: User, entry: ImageEntry) -> None:
    if not permissions.can_edit(acting_user, entry):
        raise PermissionDenied(_("Only the authors can change the images of this entry."))


def _locked(entry: ImageEntry) -> ImageEntry:
    """The entry re-read under a row lock (its permissions re-checked on what is stored)."""
    model = type(entry)
    return model._default_manager.select_for_update().get(pk=entry.pk)


def add_entry_image(
    *, acting_user: User, entry: ImageEntry, upload: ProcessedImage, alt_text: str, make_lead: bool = False
) -> Image:
    """Add an uploaded image to `entry` (the entry's lead image too when asked, or when it has
    none yet). ValidationError for missing alt text or too many images; nothing is written then."""
    _check_can_edit(acting_user, entry)
    alt_text = images.clean_alt_text(alt_text)
    kind = owner_kind(entry)
    # The files are stored before the transaction (file I/O holds no database lock) and
    # deleted again when it fails.
    with images.files_stored(upload), transaction.atomic():
        locked = _locked(entry)
        _check_can_edit(acting_user, locked)
        if Image.objects.filter(owner_kind=kind, owner_id=locked.pk).count() >= MAX_IMAGES_PER_ENTRY:
            message = _("An entry can have up to %(limit)s images: remove one first")
            raise ValidationError({"image": message % {"limit": MAX_IMAGES_PER_ENTRY}})
        image = images.create_image(
            processed=upload, alt_text=alt_text, owner_kind=kind, owner_id=locked.pk, uploaded_by=acting_user
        )
        if make_lead or locked.lead_image_id is None:
            type(locked)._default_manager.filter(pk=locked.pk).update(lead_image=image)
        reindex(locked)
    return image


def _image_of(entry: ImageEntry, image_id: int) -> Image:
    image = Image.objects.filter(pk=image_id, owner_kind=owner_kind(entry), owner_id=entry.pk).first()
    if image is None:
        raise ValidationError(_("That image is not one of this entry’s images."))
    return image


@transaction.atomic
def set_lead_image(*, acting_user: User, entry: ImageEntry, image_id: int | None) -> None:
    """Make one of the entry's images its lead image (None: no lead image)."""
    locked = _locked(entry)
    _check_can_edit(acting_user, locked)
    image = _image_of(locked, image_id) if image_id is not None else None
    type(locked)._default_manager.filter(pk=locked.pk).update(lead_image=image)
    reindex(locked)


@transaction.atomic
def set_entry_image_alt_text(*, acting_user: User, entry: ImageEntry, image_id: int, alt_text: str) -> Image:
    locked = _locked(entry)
    _check_can_edit(acting_user, locked)
    image = images.set_alt_text(_image_of(locked, image_id), alt_text)
    reindex(locked)
    return image


@transaction.atomic
def remove_entry_image(*, acting_user: User, entry: ImageEntry, image_id: int) -> None:
    """Remove an image (its file goes after the commit). A removed lead image leaves the entry
    with none; the body keeps any Markdown that showed it, which then shows nothing."""
    locked = _locked(entry)
    _check_can_edit(acting_user, locked)
    image = _image_of(locked, image_id)
    if locked.lead_image_id == image.pk:
        type(locked)._default_manager.filter(pk=locked.pk).update(lead_image=None)
    images.delete_images([image])
    reindex(locked)


def image_access(model: type[models.Model]) -> Any:
    """The access check core.images.registry asks when serving an image of `model`: public
    for a published entry, else for those who may see the entry (its authors, staff, its
    moderators), else none."""

    def access(viewer: Any, owner_ids: list[int]) -> dict[int, Access]:
        manager = model._default_manager
        queryset = manager.filter(pk__in=owner_ids).only(
            "id", "status", "created_by_id", "hub_id", "moderation_hub_id"
        )
        answers: dict[int, Access] = {}
        entry: Any
        for entry in queryset:
            if entry.status == Status.PUBLISHED:
                answers[entry.pk] = Access.PUBLIC
            elif viewer is not None and not isinstance(viewer, AnonymousUser) and permissions.can_view(viewer, entry):
                answers[entry.pk] = Access.RESTRICTED
        return answers

    return access
