"""Serving stored images (``/images/<name>``). Never a public file URL: each request asks the
owner's app whether this viewer may see the image (core.images.registry)."""

import re

from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpRequest
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from ..models import Image
from .processing import CONTENT_TYPES
from .registry import Access, access_to
from .services import storage_path

#: The only names we ever store: a content hash, the dimensions and our extension.
NAME = re.compile(r"^[0-9a-f]{32}-[0-9]{1,5}x[0-9]{1,5}\.(jpg|png)$")
ONE_YEAR = 365 * 24 * 3600


@require_safe
def serve_image(request: HttpRequest, name: str) -> FileResponse:
    if not NAME.match(name):
        raise Http404("No image found at this address.")
    rows = list(Image.objects.filter(Q(name=name) | Q(thumb_name=name)).values_list("owner_kind", "owner_id", "format"))
    access = access_to(request.user, [(kind, owner_id) for kind, owner_id, _format in rows]) if rows else Access.NONE
    if access == Access.NONE:
        # The same answer for "missing" and "not yours": a draft's images must not leak.
        raise Http404("No image found at this address.")
    try:
        stored = default_storage.open(storage_path(name), "rb")
    except (FileNotFoundError, OSError) as missing:
        raise Http404("No image found at this address.") from missing
    response = FileResponse(stored, content_type=CONTENT_TYPES[rows[0][2]])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    # The name changes with the bytes, so a copy never goes stale. An image of something not
    # everyone may see (a draft) is kept by the viewer's own browser only.
    if access == Access.PUBLIC:
        patch_cache_control(response, public=True, max_age=ONE_YEAR, immutable=True)
    else:
        patch_cache_control(response, private=True, max_age=ONE_YEAR, immutable=True)
        response["Vary"] = "Cookie"
    return response
