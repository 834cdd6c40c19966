"""The static files storages with each file's URL computed once per storage (per process).

Every page's ``<head>`` asks ``{% static %}`` for seven files, and with the manifest storage each
call parses the name, looks the hashed name up, joins it to ``STATIC_URL`` and unquotes it
again: about 25 microseconds a call, 0.2 ms of every page rendered. A file's URL depends only on
its name, the storage's manifest (read when the storage is made) and its base URL (fixed when it
is made), and on ``DEBUG`` (unhashed names then): so ``url(name)`` is kept per storage, name and
``DEBUG``. A new storage (tests that change ``STATIC_URL`` or ``STORAGES`` get one) starts
empty; a name the storage refuses (``ValueError``: not in the manifest) is not kept and raises
every time, as before. ``url(name, force=True)`` is never kept.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.staticfiles.storage import StaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage  # type: ignore[import-untyped]

#: Past this many names the kept URLs start again (templates name a fixed set of files).
MAX_KEPT_URLS = 1024


class KeptURLsMixin:
    """``url(name)`` kept per storage instance, name and ``DEBUG`` (module docstring)."""

    _kept_urls: dict[tuple[str, bool], str]

    def url(self, name: str | None, force: bool = False) -> str:
        if force:
            return super().url(name, force=True)  # type: ignore[misc]
        if name is None:
            return super().url(name)  # type: ignore[misc]
        key = (name, bool(settings.DEBUG))
        kept = self.__dict__.setdefault("_kept_urls", {})
        url = kept.get(key)
        if url is None:
            url = super().url(name)  # type: ignore[misc]
            if len(kept) >= MAX_KEPT_URLS:
                kept.clear()
            kept[key] = url
        return url


class ManifestStaticFilesStorage(KeptURLsMixin, CompressedManifestStaticFilesStorage):
    """whitenoise's compressed manifest storage (production), its URLs kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept_urls = {}


class PlainStaticFilesStorage(KeptURLsMixin, StaticFilesStorage):
    """Django's plain storage (DEBUG and tests), its URLs kept."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._kept_urls = {}
