"""Image files made in memory for the tests of the upload path (core.images)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

#: EXIF GPS tag and sub-IFD of the test photo.
GPS_IFD = 0x8825


def photo_bytes(fmt: str = "JPEG", size: tuple[int, int] = (2400, 1800), *, gps: bool = True) -> bytes:
    """A photo with camera EXIF (make, model, GPS position, orientation) like a phone's."""
    image = Image.new("RGB", size, (200, 80, 40))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 12"  # Model
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (53.0, 28.0, 0.0), 3: "W", 4: (2.0, 14.0, 0.0)}
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, exif=exif.tobytes())
    return buffer.getvalue()


def upload(data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)
