"""The versions one transaction's writes move are bumped after the commit, in one statement."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from translocal.core import caching
from translocal.core.caching import (
    SITE,
    area_version_name,
    content_changed_after_commit,
    content_versions,
    private_state_changed,
    register_content_area,
)
from translocal.core.models import ContentVersion

pytestmark = pytest.mark.django_db(transaction=True)


def _versions(*names):
    return dict(zip(names, content_versions(None, names), strict=True))


def _bumps(queries):
    return [q["sql"] for q in queries if q["sql"].startswith(f"INSERT INTO {ContentVersion._meta.db_table}")]


def test_every_version_a_transaction_moves_is_bumped_once_in_one_statement():
    names = ["bumps:a", "bumps:b", "user:9001", "user:9002"]
    before = _versions(*names)
    with CaptureQueriesContext(connection) as queries:
        with transaction.atomic():
            content_changed_after_commit("bumps:b")
            content_changed_after_commit("bumps:a")
            content_changed_after_commit("bumps:b")  # twice in one transaction: once
            private_state_changed(9002, 9001, None)
            assert _bumps(queries) == []  # nothing before the commit
    assert len(_bumps(queries)) == 1
    assert _versions(*names) == {name: version + 1 for name, version in before.items()}


def test_a_condition_is_asked_after_the_commit_and_a_false_one_moves_nothing():
    asked = []

    def changed():
        asked.append(True)
        return False

    before = _versions("bumps:kept", "bumps:moved")
    with transaction.atomic():
        content_changed_after_commit("bumps:kept", only_if=changed)
        content_changed_after_commit("bumps:moved")
        assert asked == []
    assert asked
    assert _versions("bumps:kept", "bumps:moved") == {
        "bumps:kept": before["bumps:kept"],
        "bumps:moved": before["bumps:moved"] + 1,
    }


def test_an_areas_bump_is_skipped_when_the_site_moves_in_the_same_transaction(monkeypatch):
    monkeypatch.setattr(caching, "_AREAS", dict(caching._AREAS))  # the area registered here only
    area = register_content_area("bumps_area")
    assert area == area_version_name("bumps_area")
    before = _versions(SITE, area)
    with transaction.atomic():
        content_changed_after_commit(area)
        content_changed_after_commit(SITE)
    assert _versions(SITE, area) == {SITE: before[SITE] + 1, area: before[area]}
    with transaction.atomic():
        content_changed_after_commit(area)
    assert _versions(area) == {area: before[area] + 1}


def test_a_rolled_back_transaction_moves_nothing():
    before = _versions("bumps:rolled")
    with pytest.raises(RuntimeError), transaction.atomic():
        content_changed_after_commit("bumps:rolled")
        raise RuntimeError
    assert _versions("bumps:rolled") == before
