"""Usernames that look alike are the same username.

``username_skeleton`` follows the skeleton of Unicode Technical Standard #39 (Unicode Security
Mechanisms, section 4 "Confusable Detection"): two strings are confusable when their skeletons
are equal. The character data is Unicode's ``confusables.txt`` as shipped by the
``confusable-homoglyphs`` package (nothing is downloaded at run time). Usernames are compared
without case, so the name is NFKC-normalised and case-folded before the skeleton is taken:
``аmina`` (Cyrillic а), ``AMINA`` and ``amina`` share one skeleton (``arnina``: UTS #39 also maps m to rn).
"""

import unicodedata
from functools import cache

from confusable_homoglyphs.utils import load

_DIRECTION_MARKS = str.maketrans("", "", "\u200e\u200f")


@cache
def _prototypes() -> dict[str, str]:
    """Each confusable character -> the prototype string it stands for.

    The package keeps ``confusables.txt`` as an undirected graph (source -> prototype and back).
    In the standard every source maps to exactly one prototype and no prototype is a source, so
    each connected group is a star: its centre (several neighbours, or a string of more than one
    character) is the prototype. A lone pair of single characters is ambiguous in the graph; the
    smaller of the two stands for both, which keeps the relation symmetric.
    """
    graph = {
        key.translate(_DIRECTION_MARKS): [entry["c"].translate(_DIRECTION_MARKS) for entry in entries]
        for key, entries in load("confusables.json").items()
    }
    mapping: dict[str, str] = {}
    for char, neighbours in graph.items():
        if len(char) != 1 or len(neighbours) != 1:
            continue  # a prototype (the centre of its star) maps to itself
        (other,) = neighbours
        if len(other) > 1 or len(graph.get(other, ())) > 1:
            mapping[char] = other
        else:
            mapping[char] = min(char, other)
    return mapping


def username_skeleton(username: str) -> str:
    """The comparison key of ``username`` (str -> str, never longer than 4x the input in practice).

    NFKC + case fold, default-ignorable format characters removed, NFD, each character replaced
    by its prototype, NFD again (UTS #39 skeleton(X)).
    """
    text = unicodedata.normalize("NFKC", username).casefold()
    text = "".join(char for char in text if unicodedata.category(char) != "Cf")
    text = unicodedata.normalize("NFD", text)
    prototypes = _prototypes()
    return unicodedata.normalize("NFD", "".join(prototypes.get(char, char) for char in text))
