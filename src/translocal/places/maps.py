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
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

#: The drawing's size in SVG user units (it scales to the width of the page).
WIDTH = 960.0
HEIGHT = 480.0
#: Dots are 3 to 12 units, by the square root of what happened there.
MIN_RADIUS, MAX_RADIUS = 3.0, 12.0
#: Names written on the map: the places with most, so the labels stay legible (every place is
#: named to assistive technology and in the table).
LABELLED = 12
#: A label's box in drawing units: the CSS sets 13 px type, about 0.6 em a character, and the
#: text sits from 9 units above the dot's centre to 5 below (``dy="4"``).
CHAR_WIDTH, LABEL_ABOVE, LABEL_BELOW = 7.8, 9.0, 5.0

Box = tuple[float, float, float, float]


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

    def label_box(self, name: str, *, left: bool) -> Box:
        """(x0, y0, x1, y1) the name would cover, written to the left or right of the dot."""
        width = len(name) * CHAR_WIDTH
        start = self.x - self.r - 3 - width if left else self.x + self.r + 3
        return (start, self.y - LABEL_ABOVE, start + width, self.y + LABEL_BELOW)

    @property
    def box(self) -> Box:
        return (self.x - self.r, self.y - self.r, self.x + self.r, self.y + self.r)


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def lay_out(dots: Iterable[tuple[int, float, float, int]], names: Mapping[int, str] | None = None) -> list[Dot]:
    """Dots for ``(key, latitude, longitude, weight)``: the heaviest drawn last (on top) and
    the ``LABELLED`` heaviest named, their label to the left in the eastern third.

    With ``names`` (key to the name written), the labels are placed heaviest first, each to the
    right of its dot or else to the left (first choice left in the eastern third), only where it
    covers no label already placed and no other dot's centre; a name that fits nowhere is not written
    (the dot keeps its accessible name, and the table lists every place)."""
    rows = list(dots)
    laid = [Dot(key=key, weight=weight) for key, _lat, _lon, weight in rows]
    coordinates = {key: (lat, lon) for key, lat, lon, _weight in rows}
    most = max((d.weight for d in laid), default=0)
    for dot in laid:
        dot.x, dot.y = project(*coordinates[dot.key])
        dot.r = radius(dot.weight, most)
    laid.sort(key=lambda d: (d.weight, -d.key))
    if names is None:
        for dot in laid[-LABELLED:]:
            dot.labelled = dot.weight > 0
            dot.label_left = dot.x > WIDTH * 2 / 3
        return laid
    placed: list[Box] = []
    for dot in reversed(laid):
        if len(placed) == LABELLED or dot.weight <= 0:
            break
        # Another dot may be grazed (the label has a halo) but its centre is never covered.
        others = [(other.x, other.y, other.x, other.y) for other in laid if other is not dot]
        sides = (True, False) if dot.x > WIDTH * 2 / 3 else (False, True)
        for left in sides:
            box = dot.label_box(names.get(dot.key, ""), left=left)
            inside = box[0] >= 0 and box[2] <= WIDTH
            if inside and not any(_overlap(box, taken) for taken in placed + others):
                dot.labelled, dot.label_left = True, left
                placed.append(box)
                break
    return laid
