"""The sweep of stored image files no row names (core.images.services.sweep_orphan_files and
``translocal sweep_images``): what the upload path cannot clean, e.g. a caller's outer
transaction that rolled back after the upload block succeeded."""

import io
import os
import time

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import transaction

from tests.factories import UserFactory
from tests.images import photo_bytes, upload
from translocal.core.images import processing, services

pytestmark = pytest.mark.django_db(transaction=True)

DAY = 24 * 3600


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _age(name: str, seconds: float) -> None:
    path = default_storage.path(services.storage_path(name))
    then = time.time() - seconds
    os.utime(path, (then, then))


def _stored(processed) -> bool:  # noqa: ANN001
    return all(default_storage.exists(services.storage_path(r.name)) for r in (processed.full, processed.thumb))


def _kept_image(user):  # noqa: ANN001
    processed = processing.process_upload(upload(photo_bytes(size=(800, 500))))
    with services.files_stored(processed), transaction.atomic():
        services.create_image(processed=processed, alt_text="Kept", owner_kind="test", owner_id=1, uploaded_by=user)
    return processed


def _orphan_of_an_outer_rollback(user):  # noqa: ANN001
    """The upload block succeeded, then the caller's outer transaction rolled back: the files
    stay and no row names them."""
    processed = processing.process_upload(upload(photo_bytes(size=(1200, 900))))
    try:
        with transaction.atomic():
            with services.files_stored(processed), transaction.atomic():
                services.create_image(
                    processed=processed, alt_text="Lost", owner_kind="test", owner_id=2, uploaded_by=user
                )
            raise RuntimeError("the caller failed after the upload")
    except RuntimeError:
        pass
    return processed


def test_the_sweep_deletes_old_unnamed_files_and_keeps_named_and_recent_ones():
    user = UserFactory()
    kept = _kept_image(user)
    orphan = _orphan_of_an_outer_rollback(user)
    assert _stored(orphan)  # what the upload path alone leaves behind
    for rendition in (*([kept.full, kept.thumb]), orphan.full, orphan.thumb):
        _age(rendition.name, 2 * DAY)
    recent = processing.process_upload(upload(photo_bytes(size=(1000, 700))))
    services.write_files(recent)  # an upload whose row has not committed yet

    report = services.sweep_orphan_files()

    assert sorted(report.deleted) == sorted({orphan.full.name, orphan.thumb.name})
    assert sorted(report.recent) == sorted({recent.full.name, recent.thumb.name})
    assert report.named == 2
    assert _stored(kept) and _stored(recent)
    assert not any(default_storage.exists(services.storage_path(r.name)) for r in (orphan.full, orphan.thumb))


def test_the_command_reports_and_a_dry_run_deletes_nothing():
    orphan = _orphan_of_an_outer_rollback(UserFactory())
    for rendition in (orphan.full, orphan.thumb):
        _age(rendition.name, 3 * 3600)

    out = io.StringIO()
    call_command("sweep_images", "--grace-hours", "2", "--dry-run", stdout=out)
    assert f"Would delete {orphan.full.name}" in out.getvalue() and _stored(orphan)

    call_command("sweep_images", stdout=io.StringIO())  # the default day of grace keeps them
    assert _stored(orphan)

    out = io.StringIO()
    call_command("sweep_images", "--grace-hours", "2", stdout=out)
    assert "Deleted 2 unnamed file(s)" in out.getvalue()
    assert not default_storage.exists(services.storage_path(orphan.full.name))


def test_files_outside_the_image_folders_are_not_ours_and_stay():
    default_storage.save("images/ab/notes.txt", io.BytesIO(b"not an image"))
    default_storage.save("exchanges/report.pdf", io.BytesIO(b"%PDF"))
    assert services.sweep_orphan_files(grace=services.SWEEP_GRACE * 0).deleted == []
    assert default_storage.exists("images/ab/notes.txt") and default_storage.exists("exchanges/report.pdf")
