import pytest

from tests.factories import HubFactory, HubMembershipFactory, UserFactory
from translocal.places.models import HubMembership


@pytest.fixture
def author(db):
    return UserFactory(username="author")


@pytest.fixture
def other(db):
    return UserFactory(username="other")


@pytest.fixture
def staff(db):
    return UserFactory(username="staffer", is_staff=True)


@pytest.fixture
def hub(db):
    return HubFactory()


@pytest.fixture
def coordinator(hub):
    membership = HubMembershipFactory(hub=hub, role=HubMembership.Role.COORDINATOR)
    return membership.user
