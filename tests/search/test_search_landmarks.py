"""A page with more than one search landmark (the header's form and the page's own) names each one
distinctly, so a screen-reader user can tell them apart in the landmarks list (issue 15, Browsing)."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


class _Landmarks(HTMLParser):
    """Collects search landmarks (role="search" or <search>) and the text of every element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.landmarks: list[dict[str, str | None]] = []
        self.texts: dict[str, str] = {}
        self._open: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        if tag == "search" or attributes.get("role") == "search":
            self.landmarks.append(attributes)
        if tag in {"input", "img", "br", "meta", "link", "hr", "source"}:
            return
        self._open.append((tag, attributes.get("id")))
        if attributes.get("id"):
            self.texts.setdefault(attributes["id"] or "", "")

    def handle_endtag(self, tag: str) -> None:
        while self._open:
            open_tag, _ = self._open.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for _, element_id in self._open:
            if element_id:
                self.texts[element_id] += data

    def names(self) -> list[str]:
        names = []
        for attributes in self.landmarks:
            name = attributes.get("aria-label") or " ".join(
                self.texts.get(ref, "") for ref in (attributes.get("aria-labelledby") or "").split()
            )
            names.append(" ".join(name.split()))
        return names


def _landmark_names(client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    parser = _Landmarks()
    parser.feed(response.content.decode())
    return parser.names()


@pytest.mark.parametrize(
    ("url", "count"),
    [
        (reverse("search:search"), 2),
        (reverse("search:search") + "?q=budget", 2),
        (reverse("knowledge:case-list"), 1),
        (reverse("core:home"), 2),
    ],
)
def test_every_search_landmark_has_a_unique_accessible_name(client, url, count):
    CaseFactory(title="Budget case")
    names = _landmark_names(client, url)
    assert len(names) == count
    assert all(names), names
    assert len(set(names)) == len(names), names


def test_the_landmark_names_say_what_each_form_searches(client):
    names = _landmark_names(client, reverse("search:search"))
    assert names[0].startswith("Search ") and names[0] != "Search"
    assert names[1] == "Search"
