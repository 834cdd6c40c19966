"""The map of places drawn by us, without tiles: an equirectangular projection of our own
coordinates onto an SVG the template writes, with a graticule for orientation (no world
outline: none ships offline with what the project installs).

The equirectangular (plate carrée) projection maps longitude and latitude linearly:
``x = (λ + 180) / 360 · W`` and ``y = (90 − φ) / 180 · H`` for a drawing ``W`` by ``H = W / 2``.
Distances along a parallel stretch towards the poles, which a map of where things happened
can afford; the table beside it is the exact record.

Pure arithmetic on plain numbers (no database), tested on its own.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass

#: The drawing's size in SVG user units (it scales to the width of the page).
WIDTH = 960.0
HEIGHT = 480.0
#: Dots are 3 to 12 units, by the square root of what happened there.
MIN_RADIUS, MAX_RADIUS = 3.0, 12.0
#: Names written on the map: the places with most, so the labels stay legible (every place is
#: named to assistive technology and in the table).
LABELLED = 12


def project(latitude: float, longitude: float) -> tuple[float, float]:
    """(x, y) in the drawing for degrees of latitude in [-90, 90] and longitude in
    [-180, 180] (ValueError outside), rounded to a tenth of a unit."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ValueError(f"Not a coordinate: {latitude}, {longitude}")
    return round((longitude + 180.0) / 360.0 * WIDTH, 1), round((90.0 - latitude) / 180.0 * HEIGHT, 1)


def graticule(step: int = 30) -> list[str]:
    """SVG path data of the parallels and meridians every ``step`` degrees."""
    paths = []
    for latitude in range(-90 + step, 90, step):
        (x0, y), (x1, _) = project(latitude, -180), project(latitude, 180)
        paths.append(f"M{x0},{y} H{x1}")
    for longitude in range(-180, 181, step):
        (x, y0), (_, y1) = project(90, longitude), project(-90, longitude)
        paths.append(f"M{x},{y0} V{y1}")
    return paths


def radius(weight: int, most: int) -> float:
    if most <= 0:
        return MIN_RADIUS
    return round(MIN_RADIUS + (MAX_RADIUS - MIN_RADIUS) * math.sqrt(max(weight, 0) / most), 1)


@dataclass
class Dot:
    """One place on the map: where (x, y), how big, and whether its name is written."""

    key: int
    weight: int
    x: float = 0.0
    y: float = 0.0
    r: float = MIN_RADIUS
    labelled: bool = False
    label_left: bool = False

    @property
    def label_x(self) -> float:
        """Where its name starts (or ends, to the left of the dot)."""
        return round(self.x - self.r - 3 if self.label_left else self.x + self.r + 3, 1)


def lay_out(dots: Iterable[tuple[int, float, float, int]]) -> list[Dot]:
    """Dots for ``(key, latitude, longitude, weight)``: the heaviest drawn last (on top) and
    the ``LABELLED`` heaviest named, their label to the left in the eastern third."""
    rows = list(dots)
    laid = [Dot(key=key, weight=weight) for key, _lat, _lon, weight in rows]
    coordinates = {key: (lat, lon) for key, lat, lon, _weight in rows}
    most = max((d.weight for d in laid), default=0)
    for dot in laid:
        dot.x, dot.y = project(*coordinates[dot.key])
        dot.r = radius(dot.weight, most)
    laid.sort(key=lambda d: (d.weight, -d.key))
    for dot in laid[-LABELLED:]:
        dot.labelled = dot.weight > 0
        dot.label_left = dot.x > WIDTH * 2 / 3
    return laid
