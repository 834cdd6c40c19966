"""The mechanism behind "no silent lost update": compare-and-increment in the database."""

import pytest

from tests.factories import CaseFactory
from translocal.core.versioning import EditConflict, claim_version, fingerprints
from translocal.knowledge.models import Case

pytestmark = pytest.mark.django_db


def test_claiming_the_current_version_increments_it_in_the_database():
    case = CaseFactory()
    assert case.version == 1
    claim_version(case, expected=1)
    assert case.version == 2
    assert Case.objects.get(pk=case.pk).version == 2


def test_claiming_a_stale_version_raises_with_the_stored_row_and_changes_nothing():
    case = CaseFactory(title="Stored")
    claim_version(case, expected=1)
    stale = Case.objects.get(pk=case.pk)
    stale.version = 1
    with pytest.raises(EditConflict) as caught:
        claim_version(stale, expected=1)
    assert caught.value.current.title == "Stored"
    assert caught.value.current.version == 2
    assert Case.objects.get(pk=case.pk).version == 2


def test_without_an_expected_version_the_claim_only_increments():
    case = CaseFactory()
    claim_version(case, expected=None)
    claim_version(case, expected=None)
    assert Case.objects.get(pk=case.pk).version == 3


def test_fingerprints_ignore_the_order_of_related_rows_but_not_values():
    a, b = CaseFactory(), CaseFactory()
    assert fingerprints({"x": [a, b]}) == fingerprints({"x": [b, a]})
    assert fingerprints({"x": "one"}) != fingerprints({"x": "two"})
    assert fingerprints({"x": None}) != fingerprints({"x": ""})
