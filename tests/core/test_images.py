"""The one upload path for images (core.images): decoding and re-encoding, the checks on size
and type, metadata stripped, storage with content-hashed names, serving with the right headers
and only to those the owner's app allows, and Markdown showing only our own images."""

import io
import zlib

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from PIL import Image

from tests.factories import UserFactory
from tests.images import photo_bytes, upload
from translocal.core.images import processing, registry, services
from translocal.core.images.forms import ImageUploadForm
from translocal.core.markup import render_markdown, sanitize_html
from translocal.core.models import Image as ImageRow


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _decoded(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_a_photo_is_resized_re_encoded_and_stripped_of_its_metadata(fmt):
    original = photo_bytes(fmt)
    assert b"PhoneMaker" in original and Image.open(io.BytesIO(original)).getexif()  # the test photo has EXIF
    processed = processing.process_upload(upload(original))
    full, thumb = processed.full, processed.thumb
    assert (full.width, full.height) == (1600, 1200)  # longest side MAX_SIDE, proportions kept
    assert (thumb.width, thumb.height) == (640, 480)
    expected = "png" if fmt == "PNG" else "jpeg"
    assert full.format == thumb.format == expected
    for rendition in (full, thumb):
        decoded = _decoded(rendition.data)
        assert decoded.format == expected.upper()
        assert (decoded.width, decoded.height) == (rendition.width, rendition.height)
        assert not decoded.getexif()
        assert "exif" not in decoded.info and "icc_profile" not in decoded.info
        assert b"PhoneMaker" not in rendition.data and b"Exif" not in rendition.data


def test_names_are_content_hashes_with_the_dimensions():
    processed = processing.process_upload(upload(photo_bytes()))
    assert processed.full.name.endswith("-1600x1200.jpg")
    assert len(processed.full.name.split("-")[0]) == 32
    again = processing.process_upload(upload(photo_bytes()))
    assert again.full.name == processed.full.name  # the same bytes, the same name
    other = processing.process_upload(upload(photo_bytes(size=(2400, 1790))))
    assert other.full.name != processed.full.name


def test_the_exif_orientation_is_applied_before_it_is_dropped():
    image = Image.new("RGB", (300, 100), (0, 0, 255))
    exif = Image.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    processed = processing.process_upload(upload(buffer.getvalue()))
    assert (processed.full.width, processed.full.height) == (100, 300)


@pytest.mark.parametrize(
    ("mode", "fmt", "expected"),
    [
        ("CMYK", "JPEG", "jpeg"),
        ("L", "JPEG", "jpeg"),
        ("1", "PNG", "png"),
        ("P", "PNG", "png"),
        ("LA", "PNG", "png"),
        ("RGBA", "WEBP", "png"),  # transparency kept, as PNG
        ("I;16", "PNG", "png"),
    ],
)
def test_odd_modes_become_rgb_or_rgba(mode, fmt, expected):
    image = Image.new(mode, (50, 40))
    buffer = io.BytesIO()
    image.save(buffer, format=fmt)
    processed = processing.process_upload(upload(buffer.getvalue()))
    assert processed.full.format == expected
    assert _decoded(processed.full.data).mode in {"RGB", "RGBA"}


def test_an_animated_image_keeps_its_first_frame():
    frames = [Image.new("RGB", (60, 40), colour) for colour in ((255, 0, 0), (0, 255, 0), (0, 0, 255))]
    buffer = io.BytesIO()
    frames[0].save(buffer, format="WEBP", save_all=True, append_images=frames[1:], duration=100, lossless=True)
    assert Image.open(io.BytesIO(buffer.getvalue())).n_frames == 3
    processed = processing.process_upload(upload(buffer.getvalue()))
    decoded = _decoded(processed.full.data)
    assert getattr(decoded, "n_frames", 1) == 1
    assert decoded.getpixel((30, 20))[:3] == pytest.approx((254, 0, 0), abs=3)


def test_a_file_that_is_not_an_image_is_refused_whatever_its_name_and_type_say():
    with pytest.raises(ValidationError) as refused:
        processing.process_upload(upload(b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "x.png", "image/png"))
    assert refused.value.code == "invalid_image"
    gif = io.BytesIO()
    Image.new("RGB", (10, 10)).save(gif, format="GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        processing.process_upload(upload(gif.getvalue(), "x.jpg"))


def test_a_truncated_image_is_refused():
    data = photo_bytes()
    with pytest.raises(ValidationError) as refused:
        processing.process_upload(upload(data[: len(data) // 2]))
    assert refused.value.code == "invalid_image"


def test_a_file_over_the_size_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(processing, "MAX_UPLOAD_BYTES", 1000)
    with pytest.raises(ValidationError) as refused:
        processing.process_upload(upload(photo_bytes()))
    assert refused.value.code == "too_large"


def _png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that claims an enormous size (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")

    header = width.to_bytes(4, "big") + height.to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    data = chunk(b"IDAT", zlib.compress(b"\0" * 10))
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + data + chunk(b"IEND", b"")


def test_a_decompression_bomb_is_refused_by_its_header():
    bomb = _png_header_only(50_000, 50_000)
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as refused:
        processing.process_upload(upload(bomb, "bomb.png", "image/png"))
    assert refused.value.code == "too_many_pixels"


def test_the_form_names_each_problem_and_requires_alt_text():
    form = ImageUploadForm(data={"alt_text": "  "}, files={"image": upload(b"not an image", "a.jpg")})
    assert not form.is_valid()
    assert form.errors["image"] == ["The selected file must be a JPEG, PNG or WebP image"]
    assert form.errors["alt_text"] == ["Enter alternative text describing the image"]
    empty = ImageUploadForm(data={"alt_text": "A hall"}, files={})
    assert not empty.is_valid() and empty.errors["image"] == ["Select an image"]
    good = ImageUploadForm(data={"alt_text": " Residents   voting "}, files={"image": upload(photo_bytes())})
    assert good.is_valid(), good.errors
    assert good.cleaned_data["alt_text"] == "Residents voting"
    assert good.cleaned_data["image"].full.width == 1600


# --- storage and serving ------------------------------------------------------------------------

OWNERS: dict[int, registry.Access] = {}


def _test_access(viewer, ids):
    answers = {}
    for owner_id in ids:
        access = OWNERS.get(owner_id, registry.Access.NONE)
        if access == registry.Access.RESTRICTED and (viewer is None or isinstance(viewer, AnonymousUser)):
            continue
        if access != registry.Access.NONE:
            answers[owner_id] = access
    return answers


@pytest.fixture
def owner_kind():
    registry.register_owner("tests.thing", _test_access)
    OWNERS.clear()
    yield "tests.thing"
    OWNERS.clear()


def _stored(owner_kind, owner_id, data=None, alt="A hall"):
    processed = processing.process_upload(upload(data or photo_bytes()))
    services.write_files(processed)
    return services.create_image(
        processed=processed, alt_text=alt, owner_kind=owner_kind, owner_id=owner_id, uploaded_by=None
    )


@pytest.mark.django_db
def test_a_public_image_is_served_with_its_type_nosniff_and_a_long_public_cache(client, owner_kind):
    OWNERS[1] = registry.Access.PUBLIC
    image = _stored(owner_kind, 1)
    assert default_storage.exists(f"images/{image.name[:2]}/{image.name}")
    response = client.get(image.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "public" in response["Cache-Control"] and "max-age=31536000" in response["Cache-Control"]
    assert "immutable" in response["Cache-Control"]
    body = b"".join(response.streaming_content)
    assert _decoded(body).size == (1600, 1200)
    thumb = client.get(image.thumb_url)
    assert thumb.status_code == 200 and _decoded(b"".join(thumb.streaming_content)).size == (640, 480)
    assert client.head(image.url).status_code == 200


@pytest.mark.django_db
def test_an_image_only_some_may_see_is_a_404_to_others_and_private_to_those_who_may(client, owner_kind):
    OWNERS[2] = registry.Access.RESTRICTED
    image = _stored(owner_kind, 2)
    assert client.get(image.url).status_code == 404
    client.force_login(UserFactory())
    response = client.get(image.url)
    assert response.status_code == 200
    assert "private" in response["Cache-Control"] and "public" not in response["Cache-Control"]
    OWNERS[2] = registry.Access.NONE
    assert client.get(image.url).status_code == 404


@pytest.mark.django_db
def test_unknown_names_unregistered_owners_and_other_paths_are_404(client, owner_kind):
    image = _stored("tests.nobody", 3)
    assert client.get(image.url).status_code == 404  # no app says who may see it
    assert client.get("/images/../secret_key").status_code == 404
    assert client.get("/images/" + "0" * 32 + "-10x10.jpg").status_code == 404
    assert client.get("/images/photo.jpg").status_code == 404


@pytest.mark.django_db
def test_a_file_is_deleted_when_no_row_names_it_any_more(owner_kind):
    OWNERS.update({4: registry.Access.PUBLIC, 5: registry.Access.PUBLIC})
    first = _stored(owner_kind, 4)
    second = _stored(owner_kind, 5)  # the same bytes: one file
    path = f"images/{first.name[:2]}/{first.name}"
    with transaction.atomic():
        services.delete_images([first])
    assert default_storage.exists(path)
    with transaction.atomic():
        services.delete_images([second])
    assert not default_storage.exists(path)
    assert not ImageRow.objects.exists()


@pytest.mark.django_db
def test_alt_text_is_required_by_the_database_too(owner_kind):
    with pytest.raises(ValidationError):
        _stored(owner_kind, 6, alt=" ")


# --- Markdown ------------------------------------------------------------------------------------

OURS = "/images/0123456789abcdef0123456789abcdef-800x600.jpg"


def test_markdown_shows_our_own_images_with_alt_size_and_lazy_loading():
    html = render_markdown(f"![Residents voting]({OURS})")
    assert (
        f'<img src="{OURS}" alt="Residents voting" width="800" height="600" loading="lazy" decoding="async">' in html
    )


@pytest.mark.parametrize(
    "src",
    [
        "https://example.org/a.jpg",
        "/images/../secret.jpg",
        OURS + "?x=1",
        "/images/0123456789abcdef0123456789abcdef-800x600.svg",
        "javascript:alert(1)",
        "//evil.example/images/0123456789abcdef0123456789abcdef-800x600.jpg",
    ],
)
def test_any_other_image_stays_its_alt_text(src):
    html = render_markdown(f"![elsewhere]({src})")
    assert "<img" not in html and "elsewhere" in html
    assert "<img" not in sanitize_html(f'<p><img src="{src}" alt="elsewhere"></p>')


def test_raw_html_images_of_ours_lose_everything_but_what_we_allow():
    html = sanitize_html(f'<img src="{OURS}" alt="x" onerror="alert(1)" style="width:9999px" width="1">')
    assert html == f'<img src="{OURS}" alt="x" width="800" height="600" loading="lazy" decoding="async">'


def test_the_upload_hint_is_in_the_readers_language():
    from django.utils import translation

    with translation.override("es"):
        assert str(ImageUploadForm()["image"].help_text).startswith("Una imagen JPEG, PNG o WebP de menos de 10 MB")
    assert str(ImageUploadForm()["image"].help_text).startswith("A JPEG, PNG or WebP image, smaller than 10 MB")


def test_a_truncated_image_is_refused_after_weasyprint_was_imported(monkeypatch):
    # WeasyPrint sets Pillow's global LOAD_TRUNCATED_IMAGES to True when imported (the PDF
    # reports import it), which made a half-uploaded photo pass once a report had been rendered.
    from PIL import ImageFile

    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    data = photo_bytes()
    with pytest.raises(ValidationError) as refused:
        processing.process_upload(upload(data[: len(data) // 2]))
    assert refused.value.code == "invalid_image"


def _files(root) -> set[str]:
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}


@pytest.mark.django_db
def test_the_files_of_an_upload_whose_transaction_fails_are_deleted_after_the_rollback(owner_kind, tmp_path):
    processed = processing.process_upload(upload(photo_bytes()))
    with pytest.raises(IntegrityError):
        with services.files_stored(processed), transaction.atomic():
            assert len(_files(tmp_path)) == 2  # stored before the transaction
            services.create_image(
                processed=processed, alt_text="A hall", owner_kind=owner_kind, owner_id=1, uploaded_by=None
            )
            raise IntegrityError("forced after the row was written")
    assert not ImageRow.objects.exists()
    assert _files(tmp_path) == set()


@pytest.mark.django_db
def test_a_failed_upload_keeps_files_a_row_names_or_that_were_there_before(owner_kind, tmp_path):
    shared = _stored(owner_kind, 1)
    before = _files(tmp_path)
    processed = processing.process_upload(upload(photo_bytes()))  # the same bytes: the same names
    with pytest.raises(IntegrityError):
        with services.files_stored(processed), transaction.atomic():
            raise IntegrityError("forced")
    assert _files(tmp_path) == before
    ImageRow.objects.filter(pk=shared.pk).delete()  # no row names them now, but another upload
    with pytest.raises(IntegrityError):  # may be about to: files this upload did not write stay
        with services.files_stored(processed), transaction.atomic():
            raise IntegrityError("forced")
    assert _files(tmp_path) == before


@pytest.mark.django_db
def test_a_successful_upload_keeps_its_files(owner_kind, tmp_path):
    processed = processing.process_upload(upload(photo_bytes()))
    with services.files_stored(processed, None), transaction.atomic():
        image = services.create_image(
            processed=processed, alt_text="A hall", owner_kind=owner_kind, owner_id=1, uploaded_by=None
        )
    assert _files(tmp_path) == {f"images/{n[:2]}/{n}" for n in (image.name, image.thumb_name)}
