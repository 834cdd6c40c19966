"""What the map of places counts in each place, registered by the apps that own it (a
contribution point, like core.contributions' sections): the knowledge commons registers its
published cases, so places never imports a pillar and the map grows with the apps installed.

A counter returns ``{place id: count}`` for every place with at least one, in one query.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class PlaceCount:
    key: str
    #: The table column's heading ("Cases").
    heading: str | Promise
    #: "12 cases" in the active language, for a place's accessible name on the map.
    describe: Callable[[int], str]
    count: Callable[[], dict[int, int]]
    order: int = 100


_COUNTS: dict[str, PlaceCount] = {}


def register_place_count(count: PlaceCount) -> None:
    _COUNTS[count.key] = count


def place_counts() -> list[PlaceCount]:
    return sorted(_COUNTS.values(), key=lambda c: (c.order, c.key))
