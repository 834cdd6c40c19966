"""Decode, check, resize and re-encode an uploaded image (pure CPU work, no database).

Call ``process_upload`` before the write transaction opens: decoding and encoding a large
photo takes a fraction of a second, which must not hold the database's write lock."""

from __future__ import annotations

import hashlib
import io
import warnings
from dataclasses import dataclass
from typing import IO

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageFile, ImageOps, UnidentifiedImageError

#: Largest upload accepted, in bytes (the reverse proxy should refuse larger request bodies).
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
#: Most pixels a decoded image may have (width x height): larger is refused before decoding,
#: so a small file that expands to gigabytes of pixels (a "decompression bomb") costs nothing.
MAX_PIXELS = 40_000_000
#: Longest side of the stored image, and of the thumbnail lists show (pixels).
MAX_SIDE = 1600
THUMB_SIDE = 640
#: What Pillow may decode: anything else is refused, whatever its name says.
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

CONTENT_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}
EXTENSIONS = {"jpeg": "jpg", "png": "png"}

# Pillow's own guards too: a bomb raises instead of warning, a truncated file fails to load.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False


@dataclass(frozen=True)
class Rendition:
    """One encoded size of an image: its bytes and content-hashed name."""

    data: bytes
    width: int
    height: int
    format: str  # "jpeg" or "png"

    @property
    def name(self) -> str:
        """``<first 32 hex digits of the SHA-256 of the bytes>-<width>x<height>.<ext>``: it
        changes whenever the bytes do (so it can be cached for a year) and says nothing a
        person typed."""
        digest = hashlib.sha256(self.data).hexdigest()[:32]
        return f"{digest}-{self.width}x{self.height}.{EXTENSIONS[self.format]}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


@dataclass(frozen=True)
class ProcessedImage:
    """An upload turned into what is stored: the full-size rendition and the thumbnail."""

    full: Rendition
    thumb: Rendition


def invalid_image() -> ValidationError:
    return ValidationError(
        _("The selected file must be a JPEG, PNG or WebP image"), code="invalid_image"
    )


def process_upload(upload: IO[bytes], *, size: int | None = None) -> ProcessedImage:
    """Check and re-encode an uploaded file (a Django ``UploadedFile`` or any binary file).

    Raises ValidationError (code ``too_large``, ``too_many_pixels`` or ``invalid_image``) with a
    message for the form; nothing is written."""
    if size is None:
        size = getattr(upload, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        raise _too_large()
    data = upload.read(MAX_UPLOAD_BYTES + 1)
    if len(data) > MAX_UPLOAD_BYTES:
        raise _too_large()
    if not data:
        raise ValidationError(_("The selected file is empty"), code="empty")
    # Set on every call, not only at import: WeasyPrint sets it to True when it is imported.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            decoded = _decode(data)
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as bomb:
        raise _too_many_pixels() from bomb
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as broken:
        raise invalid_image() from broken
    image, source_format = decoded
    output_format = "png" if (image.mode == "RGBA" or source_format == "PNG") else "jpeg"
    full = _encode(_fit(image, MAX_SIDE), output_format)
    thumb = _encode(_fit(image, THUMB_SIDE), output_format)
    return ProcessedImage(full=full, thumb=thumb)


def _too_large() -> ValidationError:
    return ValidationError(
        _("The selected file must be smaller than %(size)s") % {"size": filesizeformat(MAX_UPLOAD_BYTES)},
        code="too_large",
    )


def _too_many_pixels() -> ValidationError:
    return ValidationError(
        _("The image must be smaller than %(megapixels)s megapixels") % {"megapixels": MAX_PIXELS // 1_000_000},
        code="too_many_pixels",
    )


def _decode(data: bytes) -> tuple[Image.Image, str]:
    """The upload's first frame, upright, in sRGB, as RGB or RGBA, with no metadata; and the
    format it was decoded as."""
    image: Image.Image = Image.open(io.BytesIO(data))
    source_format = str(getattr(image, "format", ""))
    if source_format not in ACCEPTED_FORMATS:
        raise invalid_image()
    width, height = image.size
    if width < 1 or height < 1:
        raise invalid_image()
    if width * height > MAX_PIXELS:
        raise _too_many_pixels()
    # An animated PNG or WebP keeps its first frame (a still image, like a poster frame).
    image.seek(0)
    if source_format == "JPEG":
        # Decode a large JPEG at a reduced scale straight away (far less memory and time).
        image.draft("RGB", (MAX_SIDE, MAX_SIDE))
    image.load()
    icc_profile = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image) or image
    image = _to_rgb_or_rgba(image)
    if icc_profile:
        image = _to_srgb(image, icc_profile)
    # Nothing of the upload's metadata goes further: EXIF (camera, GPS), XMP, ICC, comments.
    image.info = {}
    return image, source_format


def _to_rgb_or_rgba(image: Image.Image) -> Image.Image:
    """Every mode Pillow decodes (palette, greyscale, 1-bit, 16-bit, CMYK, YCbCr, LAB, with or
    without transparency) becomes RGB, or RGBA when it has transparency."""
    mode = image.mode
    transparent = mode in {"RGBA", "LA", "PA", "RGBa", "La"} or "transparency" in image.info
    if mode in {"I;16", "I;16B", "I;16L", "I;16N", "I"}:
        # 16/32-bit greyscale: scale into 8 bits rather than clipping everything to white.
        image = image.point(lambda value: value / 256).convert("L")
    elif mode == "F":
        image = image.convert("L")
    if transparent:
        return image.convert("RGBA")
    return image.convert("RGB")


def _to_srgb(image: Image.Image, icc_profile: bytes) -> Image.Image:
    """Colours as the camera's profile meant them, in sRGB (the profile itself is dropped)."""
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        converted = ImageCms.profileToProfile(image, source, ImageCms.createProfile("sRGB"), outputMode=image.mode)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image
    return converted if converted is not None else image


def _fit(image: Image.Image, side: int) -> Image.Image:
    copy = image.copy()
    copy.thumbnail((side, side), Image.Resampling.LANCZOS)
    return copy


def _encode(image: Image.Image, output_format: str) -> Rendition:
    buffer = io.BytesIO()
    if output_format == "jpeg":
        image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    else:
        image.save(buffer, format="PNG", optimize=True)
    return Rendition(data=buffer.getvalue(), width=image.width, height=image.height, format=output_format)
