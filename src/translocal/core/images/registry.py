"""Who may see an image: the app that owns it says so.

An app registers each kind of owner it attaches images to, from its ``AppConfig.ready()``::

    register_owner("knowledge.case", case_image_access)

where ``case_image_access(viewer, owner_ids)`` returns, for each owner id the viewer may see,
``Access.PUBLIC`` (anyone may: the image is cached publicly) or ``Access.RESTRICTED`` (this
viewer may: cached privately); ids missing from the answer are owners the viewer may not see
(the image is a 404 to them). Core knows no domain app: an image of an unregistered kind is
served to nobody."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any


class Access(enum.IntEnum):
    NONE = 0
    RESTRICTED = 1
    PUBLIC = 2


AccessCheck = Callable[[Any, list[int]], dict[int, Access]]

_owners: dict[str, AccessCheck] = {}


def register_owner(kind: str, access: AccessCheck) -> None:
    _owners[kind] = access


def access_to(viewer: Any, owners: Iterable[tuple[str, int]]) -> Access:
    """The best access `viewer` has to any of these owners (several rows may share one file)."""
    by_kind: dict[str, list[int]] = {}
    for kind, owner_id in owners:
        by_kind.setdefault(kind, []).append(owner_id)
    best = Access.NONE
    for kind, ids in by_kind.items():
        check = _owners.get(kind)
        if check is None:
            continue
        answers = check(viewer, ids)
        best = max([best, *answers.values()])
        if best == Access.PUBLIC:
            break
    return best
