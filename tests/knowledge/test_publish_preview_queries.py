"""Exact query counts of the publish step (``/<kind>/<slug>/publish/``, the check of what a
draft still lacks) and of the body preview (``/preview/``), at two sizes: a draft with 1 and
with 20 methods, organisations and co-authors; a body with 1 and 40 links and images."""

import pytest
from django.urls import reverse

from tests.factories import AuthorshipFactory, CaseFactory, MethodFactory, OrganisationFactory, ReflectionFactory
from translocal.knowledge.models import Status

pytestmark = pytest.mark.django_db

#: Session, user, the case, and what it lacks (one query of EXISTS tests, whatever the number
#: of methods, organisations or places it has).
CASE_PUBLISH_STEP = 4
#: Session, user, the reflection (what it lacks is read off its row).
REFLECTION_PUBLISH_STEP = 3
#: Session, user, then the rendering budget charged in the database: the first charge of a
#: window (update, insert under savepoints, read back) is 8 of these; links and images cost none.
PREVIEW = 10


@pytest.mark.parametrize("size", [1, 20])
def test_the_publish_step_of_a_case_costs_the_same_at_any_size(client, author, size, django_assert_num_queries):
    case = CaseFactory(created_by=author, status=Status.DRAFT)
    case.methods.set(MethodFactory.create_batch(size))
    case.organisations.set(OrganisationFactory.create_batch(size))
    client.force_login(author)
    url = reverse("knowledge:case-publish", args=[case.slug])
    with django_assert_num_queries(CASE_PUBLISH_STEP):
        response = client.get(url)
    assert response.status_code == 200
    assert "Publish now" in response.content.decode()


@pytest.mark.parametrize("size", [1, 20])
def test_the_publish_step_of_a_reflection_costs_the_same_at_any_size(client, author, size, django_assert_num_queries):
    reflection = ReflectionFactory(created_by=author, status=Status.DRAFT)
    AuthorshipFactory(reflection=reflection, user=author)
    for _ in range(size):
        AuthorshipFactory(reflection=reflection)
    client.force_login(author)
    url = reverse("knowledge:reflection-publish", args=[reflection.slug])
    with django_assert_num_queries(REFLECTION_PUBLISH_STEP):
        response = client.get(url)
    assert response.status_code == 200
    assert "Publish now" in response.content.decode()


@pytest.mark.parametrize("size", [1, 40])
def test_the_preview_costs_the_same_for_any_body(client, author, size, django_assert_num_queries):
    body = "\n\n".join(
        f"Paragraph {n} with [a link](/cases/case-{n}/) and ![a picture](/images/{n:064x}-640x480.jpg)."
        for n in range(size)
    )
    client.force_login(author)
    with django_assert_num_queries(PREVIEW):
        response = client.post(reverse("knowledge:preview"), {"body": body}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert f"Paragraph {size - 1} with" in response.content.decode()
