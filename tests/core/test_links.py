"""core.links.url_for gives reverse()'s own text for every value, and reverse's errors."""

import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from translocal.core import links
from translocal.core.links import url_for

VALUES = [
    "participatory-budgeting-in-porto-alegre",
    "montréal-future-search-at-neighbourhood-scale-2017",
    "a b%c?d#e&f=g+h;i,j:k@l~m",
    "😀-emoji",
    "12",
    "-leading-dash",
    "x" * 300,
    "tab\tand\nnewline",
    "quote'double\"<angle>",
]

BY_SLUG = [
    "knowledge:case-detail",
    "knowledge:method-detail",
    "knowledge:reflection-detail",
    "knowledge:series-detail",
    "places:place-detail",
    "places:hub-detail",
    "places:organisation-detail",
    "exchanges:exchange-detail",
    "coproduction:process-detail",
]


@pytest.mark.parametrize("name", BY_SLUG)
def test_the_same_text_as_reverse_for_any_slug(name):
    for value in VALUES:
        assert url_for(name, slug=value) == reverse(name, kwargs={"slug": value}), value
    assert links._templates[(name, ("slug",), "/", None)] is not None  # filled in, not reversed


def test_a_slug_and_an_id_together():
    for value in VALUES:
        for pk in (0, 7, 123456789):
            expected = reverse("coproduction:proposal-detail", kwargs={"slug": value, "pk": pk})
            assert url_for("coproduction:proposal-detail", slug=value, pk=pk) == expected
    expected = reverse("accounts:profile", kwargs={"username": "ana.lópez"})
    assert url_for("accounts:profile", username="ana.lópez") == expected
    assert links._templates[("coproduction:proposal-detail", ("slug", "pk"), "/", None)] is not None


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("knowledge:case-detail", {"slug": ""}),  # the str converter needs a character
        ("knowledge:case-detail", {"slug": "a/b"}),  # ... and no "/"
        ("coproduction:proposal-detail", {"slug": "p", "pk": -1}),
        ("coproduction:proposal-detail", {"slug": "p", "pk": "seven"}),
        ("knowledge:case-detail", {"pk": 3}),  # an argument the route does not take
    ],
)
def test_what_reverse_refuses_it_refuses(name, kwargs):
    with pytest.raises(NoReverseMatch):
        reverse(name, kwargs=kwargs)
    with pytest.raises(NoReverseMatch):
        url_for(name, **kwargs)


def test_a_numeric_text_for_an_id_is_what_reverse_makes_of_it():
    assert url_for("coproduction:proposal-detail", slug="p", pk="12") == reverse(
        "coproduction:proposal-detail", kwargs={"slug": "p", "pk": "12"}
    )


def test_the_script_prefix_of_the_request_is_kept():
    try:
        set_script_prefix("/translocal/")
        assert url_for("knowledge:case-detail", slug="x y") == "/translocal/cases/x%20y/"
        assert url_for("knowledge:case-detail", slug="x y") == reverse("knowledge:case-detail", kwargs={"slug": "x y"})
    finally:
        set_script_prefix("/")
    assert url_for("knowledge:case-detail", slug="x y") == "/cases/x%20y/"


def test_a_route_with_fixed_extra_arguments_is_left_to_reverse():
    """case-edit passes {"kind": CASE} to its view: not a route this module fills in."""
    assert url_for("knowledge:case-edit", slug="x") == reverse("knowledge:case-edit", kwargs={"slug": "x"})
    assert links._templates[("knowledge:case-edit", ("slug",), "/", None)] is None
