import json
from pathlib import Path

import pytest
from django.utils.text import slugify

from tests.factories import CaseFactory, PlaceFactory
from translocal.core.markup import sanitize_html
from translocal.knowledge.models import Case


@pytest.fixture(scope="session")
def participedia_texts(shared_data: Path) -> dict[str, dict]:
    return json.loads((shared_data / "participedia" / "case-texts-2016.json").read_text())


@pytest.fixture
def real_case(participedia_texts):  # noqa: ANN201
    """A case with the real title and body of one Participedia case (by its 2016 id)."""

    def make(source_id: str, **kwargs) -> Case:  # noqa: ANN003
        item = participedia_texts[source_id]
        kwargs.setdefault("place", PlaceFactory(name=f"Place of {source_id}", country="CA"))
        return CaseFactory(
            title=item["title"],
            slug=f"{slugify(item['title'])[:200]}-{source_id}",
            summary="",
            body="",
            body_format="html",
            body_html=sanitize_html(item["htmlbody"]),
            source_name="participedia",
            source_id=source_id,
            **kwargs,
        )

    return make
