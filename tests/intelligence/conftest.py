import pytest

from tests.factories import PlaceFactory, UserFactory
from translocal.knowledge.services import create_case


@pytest.fixture(autouse=True)
def _light_embedder(settings):
    """The real model here (the rest of the suite uses the lexical fallback)."""
    settings.INTELLIGENCE_EMBEDDER = "e5"


@pytest.fixture
def author(db):
    return UserFactory(username="author")


@pytest.fixture
def make_case(author):
    """A case written through the service (so search and embeddings follow, after commit)."""

    def make(title, summary="", body="", *, publish=True, **extra):
        data = {"title": title, "summary": summary, "body": body, "publish": publish, **extra}
        return create_case(acting_user=author, data=data)

    return make


@pytest.fixture
def place(db):
    return PlaceFactory(name="Malmö", country="SE")
