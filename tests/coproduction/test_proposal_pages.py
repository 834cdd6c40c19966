"""Proposal pages: exact query counts at 10 and 2,000 proposals, and the cache scoped to a
process (a support retires that process's pages and no other cached page)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from tests.factories import UserFactory
from translocal.coproduction import services
from translocal.coproduction.models import Proposal
from translocal.core.caching import SITE, content_version

pytestmark = pytest.mark.django_db


def _many(world, process, n: int) -> None:
    Proposal.objects.bulk_create(
        Proposal(process=process, author=world.author, title=f"Proposal {i}", body="Text", support_count=i % 17)
        for i in range(n)
    )


@pytest.mark.parametrize("rows", [10, 2000])
@pytest.mark.parametrize("order", ["supported", "newest", "random"])
def test_the_proposal_list_costs_the_same_at_10_and_2000(world, client, django_assert_num_queries, rows, order):
    process = world.process(moment="support", supports_per_person=5)
    _many(world, process, rows)
    url = reverse("coproduction:proposal-list", args=[process.slug]) + f"?order={order}"
    # the versions (one query), running phase (page cache), process + phases, proposals with authors
    with django_assert_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    client.force_login(world.people["resident"])
    # session, user, process + phases, the viewer's hub role and process role (one query),
    # proposals, the viewer's supports among them, their allowance left
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("rows", [10, 2000])
def test_the_proposal_page_costs_the_same_whatever_the_supports(world, client, django_assert_num_queries, rows):
    process = world.process(moment="support")
    proposal = world.proposal(process)
    _many(world, process, rows)
    url = proposal.get_absolute_url()
    ContentType.objects.get_for_model(Proposal)  # looked up once per server process, then cached
    # the versions (one query), running phase, process + phases, proposal, first page of comments,
    # timeline, the results it became (none here: no updates to read)
    with django_assert_num_queries(8):
        assert client.get(url).status_code == 200


def test_a_support_moves_the_process_version_not_the_sites(world, client, django_capture_on_commit_callbacks):
    process = world.process(moment="support")
    proposal = world.proposal(process)
    url = proposal.get_absolute_url()
    assert "0 supports" in client.get(url).content.decode()
    site = content_version(None, SITE)
    with django_capture_on_commit_callbacks(execute=True):
        services.support_proposal(acting_user=UserFactory(), proposal=proposal)
    assert content_version(None, SITE) == site
    assert "1 support" in client.get(url).content.decode()  # the anonymous cached page was retired
