"""Read-your-writes against a real, stale replica: two PostgreSQL databases, no mirroring.

The primary is the test database. ``replica1`` is a second database cloned from it at one
moment (``CREATE DATABASE ... TEMPLATE``) and never updated again, so it is a replica lagging
behind by everything written after the clone; one row is also made deliberately different
there. A read that reaches the replica when it must not therefore sees other data and fails.
"""

import copy
from collections.abc import Callable, Iterator

import psycopg
import pytest
from django.conf import settings as django_settings
from django.db import connections, transaction
from django.test import Client
from django.urls import reverse
from psycopg import sql

from tests.factories import CaseFactory, SeriesFactory, UserFactory
from translocal.core.db_router import PIN_COOKIE, pin_scope
from translocal.knowledge import services
from translocal.knowledge.models import Case, Reflection

REPLICA = "replica1"
PASSWORD = "correct horse battery"
PRIMARY_TITLE = "Participatory budgeting in Porto Alegre"
STALE_TITLE = "Stale title only the replica has"

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(
        not django_settings.DATABASES["default"]["ENGINE"].endswith("postgresql"),
        reason="needs two PostgreSQL databases (a primary and a stale replica); CI runs it on PostgreSQL",
    ),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
    pytest.mark.django_db(transaction=True, databases=["default", REPLICA]),
]


def _admin_connection(primary: dict) -> psycopg.Connection:
    params = {"dbname": "postgres", "host": primary["HOST"], "port": primary["PORT"], "user": primary["USER"]}
    if primary["PASSWORD"]:
        params["password"] = primary["PASSWORD"]
    return psycopg.connect(**{key: value for key, value in params.items() if value}, autocommit=True)


def _clone(admin: psycopg.Connection, template: str, name: str) -> None:
    admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(template)))


@pytest.fixture(scope="module")
def replica_database(django_db_setup) -> Iterator[dict]:
    """The `replica1` alias, a second PostgreSQL database (no TEST MIRROR: it must be able to
    lag). Registered before the test case starts so the test may use it; dropped at the end."""
    primary = connections["default"].settings_dict
    config = copy.deepcopy(primary)
    config["NAME"] = f"{primary['NAME']}_{REPLICA}"
    connections.close_all()  # a template database must have no open session
    with _admin_connection(primary) as admin:
        _clone(admin, primary["NAME"], config["NAME"])
    connections.settings[REPLICA] = config
    yield config
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]
    with _admin_connection(primary) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(config["NAME"])))


@pytest.fixture
def stale_replica(replica_database, settings) -> Callable[[], None]:
    """Returns `snapshot()`: clones the primary as it is now into the replica database and
    routes reads with the ReplicaRouter. Everything written afterwards is missing there."""
    primary = connections["default"].settings_dict

    def snapshot() -> None:
        connections.close_all()
        with _admin_connection(primary) as admin:
            _clone(admin, primary["NAME"], replica_database["NAME"])
        settings.DATABASES = {**settings.DATABASES, REPLICA: replica_database}
        settings.DATABASE_ROUTERS = ["translocal.core.db_router.ReplicaRouter"]

    return snapshot


@pytest.fixture
def world(stale_replica):
    """Ada, a published case and a series with two of her reflections outside it, on both
    databases; then the case's title differs on the replica."""
    ada = UserFactory(username="ada", display_name="Ada Lovelace")
    case = CaseFactory(title=PRIMARY_TITLE, created_by=ada)
    series = SeriesFactory(created_by=ada)  # its editor: only editors add posts to a series
    posts = [services.create_reflection(acting_user=ada, data={"title": f"Post {n}"}) for n in (1, 2)]
    stale_replica()
    Case.objects.using(REPLICA).filter(pk=case.pk).update(title=STALE_TITLE)
    return ada, case, series, posts


def _login(client) -> None:
    response = client.post(reverse("accounts:login"), {"username": "ada", "password": PASSWORD})
    assert response.status_code == 302, "the login was refused"


def test_reads_inside_a_service_transaction_see_the_primary(world):
    ada, case, series, posts = world
    with pin_scope():
        assert Case.objects.get(pk=case.pk).title == STALE_TITLE  # plain read: the replica
        with transaction.atomic():
            assert Case.objects.get(pk=case.pk).title == PRIMARY_TITLE
    # Each call a unit of work of its own (as two requests would be): only the transaction
    # keeps the service's "next position" read on the primary. From the replica, which never
    # saw the first post join the series, the second would take position 1 again.
    for post in posts:
        with pin_scope():
            services.set_reflection_series(acting_user=ada, reflection=post, series=series)
    positions = Reflection.objects.using("default").filter(series=series).order_by("series_position")
    assert list(positions.values_list("pk", "series_position")) == [(posts[0].pk, 1), (posts[1].pk, 2)]


def test_the_session_created_at_login_is_read_from_the_primary(world, client):
    _login(client)
    client.cookies.pop(PIN_COOKIE, None)  # the session table alone must be read from the primary
    response = client.get(reverse("accounts:profile-edit"))
    assert response.status_code == 200, "the session was looked up on the replica, where it does not exist"
    assert response.context["user"].username == "ada"


def test_a_person_sees_their_own_save_and_others_read_the_replica(world, client):
    _login(client)
    client.cookies.pop(PIN_COOKIE, None)  # only the save below may pin Ada to the primary
    response = client.post(reverse("accounts:profile-edit"), {"display_name": "Ada King", "bio": "Analyst."})
    assert response.status_code == 302

    own_page = client.get(reverse("accounts:profile", args=["ada"]))
    assert "Ada King" in own_page.content.decode()
    assert PIN_COOKIE in response.cookies

    anonymous = Client()
    stale_page = anonymous.get(reverse("accounts:profile", args=["ada"])).content.decode()
    assert "Ada Lovelace" in stale_page and "Ada King" not in stale_page
    case_page = anonymous.get(reverse("knowledge:case-detail", args=[world[1].slug]))
    assert STALE_TITLE in case_page.content.decode() and PIN_COOKIE not in case_page.cookies
    # Ada, pinned by her save, reads the primary's title on the same page.
    assert PRIMARY_TITLE in client.get(reverse("knowledge:case-detail", args=[world[1].slug])).content.decode()

