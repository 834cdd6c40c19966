"""The exchange network drawn without tiles: places projected with the Robinson projection and
the visits between them as arcs, laid out in Python for an SVG the template writes.

Robinson's projection is defined by a table, not a formula: the length of each parallel
(``X``, relative to the equator) and its distance from the equator (``Y``, relative to the
pole's), every 5° of latitude, linearly interpolated between rows; then
``x = 0.8487 · X(φ) · λ`` and ``y = 1.3523 · Y(φ)`` (λ in radians, earth radius 1). Table and
constants from Snyder, *Flattening the Earth* (1993), table 5.6 and J. P. Snyder & P. M. Voxland,
*An Album of Map Projections* (USGS Professional Paper 1453, 1989), p. 82.

Everything here is pure arithmetic on plain numbers (no database), so it is tested on its own.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

#: Robinson's table: latitude 0°, 5°, ..., 90° -> (X: parallel length, Y: distance from the equator).
ROBINSON_TABLE: tuple[tuple[float, float], ...] = (
    (1.0000, 0.0000),
    (0.9986, 0.0620),
    (0.9954, 0.1240),
    (0.9900, 0.1860),
    (0.9822, 0.2480),
    (0.9730, 0.3100),
    (0.9600, 0.3720),
    (0.9427, 0.4340),
    (0.9216, 0.4958),
    (0.8962, 0.5571),
    (0.8679, 0.6176),
    (0.8350, 0.6769),
    (0.7986, 0.7346),
    (0.7597, 0.7903),
    (0.7186, 0.8435),
    (0.6732, 0.8936),
    (0.6213, 0.9394),
    (0.5722, 0.9761),
    (0.5322, 1.0000),
)
ROBINSON_X = 0.8487
ROBINSON_Y = 1.3523

#: The drawing's size in SVG user units (it scales to the width of the page).
WIDTH = 960.0
HEIGHT = 540.0
MARGIN = 48.0
#: The smallest stretch of the earth the drawing shows (degrees), so that two neighbouring
#: cities are not drawn as if they were continents apart.
MIN_SPAN_DEGREES = 30.0


def robinson(latitude: float, longitude: float) -> tuple[float, float]:
    """(x, y) on a Robinson world of radius 1, y growing northwards.

    ``latitude`` in [-90, 90] and ``longitude`` in [-180, 180] degrees (ValueError outside);
    x in [-2.666, 2.666], y in [-1.352, 1.352]."""
    if not (-90.0 <= latitude <= 90.0 and -180.0 <= longitude <= 180.0):
        raise ValueError(f"Not a coordinate: {latitude}, {longitude}")
    index = min(int(abs(latitude) // 5.0), len(ROBINSON_TABLE) - 2)
    fraction = (abs(latitude) - index * 5.0) / 5.0
    (x0, y0), (x1, y1) = ROBINSON_TABLE[index], ROBINSON_TABLE[index + 1]
    length = x0 + (x1 - x0) * fraction
    height = y0 + (y1 - y0) * fraction
    x = ROBINSON_X * length * math.radians(longitude)
    y = math.copysign(ROBINSON_Y * height, latitude)
    return x, y


@dataclass(frozen=True)
class Frame:
    """How projected coordinates map onto the drawing: SVG x = (px - left) * scale + offset_x,
    SVG y = (top - py) * scale + offset_y (SVG's y grows downwards)."""

    left: float
    top: float
    scale: float
    offset_x: float
    offset_y: float

    def point(self, latitude: float, longitude: float) -> tuple[float, float]:
        px, py = robinson(latitude, longitude)
        return (
            round((px - self.left) * self.scale + self.offset_x, 1),
            round((self.top - py) * self.scale + self.offset_y, 1),
        )


def fit_frame(coordinates: Iterable[tuple[float, float]]) -> Frame:
    """The frame that shows every (latitude, longitude) inside the drawing's margins, keeping
    the projection's proportions and showing at least ``MIN_SPAN_DEGREES`` of the earth. With
    no coordinates, the whole world."""
    points = [robinson(lat, lon) for lat, lon in coordinates]
    if not points:
        points = [robinson(-60.0, -180.0), robinson(80.0, 180.0)]
    xs = [p[0] for p in points]
    ys = [p[1] for p in points]
    min_span = math.radians(MIN_SPAN_DEGREES) * ROBINSON_X
    left, right, bottom, top = min(xs), max(xs), min(ys), max(ys)
    if right - left < min_span:
        middle = (left + right) / 2
        left, right = middle - min_span / 2, middle + min_span / 2
    if top - bottom < min_span * HEIGHT / WIDTH:
        middle = (top + bottom) / 2
        half = min_span * HEIGHT / WIDTH / 2
        bottom, top = middle - half, middle + half
    inner_w, inner_h = WIDTH - 2 * MARGIN, HEIGHT - 2 * MARGIN
    scale = min(inner_w / (right - left), inner_h / (top - bottom))
    offset_x = MARGIN + (inner_w - (right - left) * scale) / 2
    offset_y = MARGIN + (inner_h - (top - bottom) * scale) / 2
    return Frame(left=left, top=top, scale=scale, offset_x=offset_x, offset_y=offset_y)


def graticule(frame: Frame, *, step: int = 15) -> list[str]:
    """SVG path data of the parallels and meridians every ``step`` degrees, for orientation."""
    paths = []
    for latitude in range(-90 + step, 90, step):
        points = [frame.point(latitude, lon) for lon in range(-180, 181, 5)]
        paths.append("M" + " L".join(f"{x},{y}" for x, y in points))
    for longitude in range(-180, 181, step):
        points = [frame.point(lat, longitude) for lat in range(-90, 91, 5)]
        paths.append("M" + " L".join(f"{x},{y}" for x, y in points))
    return paths


def arc_path(start: Sequence[float], end: Sequence[float], *, bend: float = 0.2, gap: float = 0.0) -> str:
    """SVG path data of a quadratic Bézier from ``start`` to ``end`` bowed to the left of the
    direction of travel by ``bend`` times the chord, so the arcs A→B and B→A never lie on each
    other; it stops ``gap`` units short of ``end`` (the host's circle), so an arrowhead shows."""
    (x0, y0), (x1, y1) = start, end
    dx, dy = x1 - x0, y1 - y0
    cx, cy = (x0 + x1) / 2 + dy * bend, (y0 + y1) / 2 - dx * bend
    tx, ty = x1 - cx, y1 - cy  # the curve's direction where it arrives
    length = math.hypot(tx, ty)
    if gap > 0 and length > 2 * gap:
        x1, y1 = round(x1 - tx / length * gap, 1), round(y1 - ty / length * gap, 1)
    return f"M{x0},{y0} Q{round(cx, 1)},{round(cy, 1)} {x1},{y1}"


def stroke_width(delegates: int, most: int) -> float:
    """1.5 to 8 units, by the square root of the delegates (so the area of the band follows them)."""
    if most <= 0:
        return 1.5
    return round(1.5 + 6.5 * math.sqrt(max(delegates, 0) / most), 1)


def node_radius(weight: int, most: int) -> float:
    """4 to 14 units by the square root of the exchanges hosted plus delegates sent."""
    if most <= 0:
        return 4.0
    return round(4.0 + 10.0 * math.sqrt(max(weight, 0) / most), 1)
