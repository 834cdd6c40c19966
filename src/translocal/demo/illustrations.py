"""Illustrations of the demo's reflections, drawn here with Pillow (no file shipped, nothing
downloaded): deterministic, and without text in the picture, so the alternative text carries
all of it."""

import io
import random

from PIL import Image, ImageDraw

#: Colours of the site's palette: background, letters sent, replies, panel members.
_PAPER, _SENT, _REPLIED, _DRAWN = (243, 242, 241), (177, 180, 182), (29, 112, 184), (11, 12, 12)


def sortition_dots(*, invitations: int = 1200, replies: int = 184, panel: int = 16, seed: int = 16) -> bytes:
    """A PNG of ``invitations`` dots on a 40-column grid (1,600 px wide): ``replies`` of them
    blue, and ``panel`` of those black, chosen by a seeded lot (the same picture every time)."""
    columns, cell = 40, 40
    rows = -(-invitations // columns)
    picture = Image.new("RGB", (columns * cell, rows * cell), _PAPER)
    draw = ImageDraw.Draw(picture)
    lot = random.Random(seed)  # noqa: S311 - an illustration, not a secret
    replied = set(lot.sample(range(invitations), replies))
    drawn = set(lot.sample(sorted(replied), panel))
    for index in range(invitations):
        x, y = (index % columns) * cell + cell // 2, (index // columns) * cell + cell // 2
        colour = _DRAWN if index in drawn else _REPLIED if index in replied else _SENT
        radius = 14 if index in drawn else 10
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=colour)
    output = io.BytesIO()
    picture.save(output, format="PNG")
    return output.getvalue()


#: Each illustration: how to draw it and its alternative text (the demo's own words).
ILLUSTRATIONS = {
    "sortition-dots": (
        sortition_dots,
        "A grid of 1,200 grey dots, one for each invitation sent; 184 of them are blue, for the "
        "households that replied, and 16 of the blue ones are larger and black, for the residents "
        "drawn by lot onto the panel.",
    ),
}
