"""The vocabularies added for Participedia's case fields "tools_techniques_types" and
"learning_resources": loaded by the data migration, idempotently, and every key Participedia's
field options use resolves to one of their terms."""

import re

import pytest

from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import term_resolver, terms_for
from translocal.taxonomy.services import load_vocabularies

pytestmark = pytest.mark.django_db


def _field_options(shared_data, name: str) -> list[str]:
    """The keys of one list in Participedia's field-options.js."""
    text = (shared_data / "participedia" / "field-options.js").read_text(encoding="utf-8")
    match = re.search(rf"\b{name}: \[(.*?)\]", text, re.S)
    assert match, name
    return re.findall(r'"([^"]+)"', match.group(1))


def test_fresh_install_has_the_tool_and_learning_resource_terms():
    assert terms_for(Vocabulary.TOOL_TYPE).count() == 9
    assert terms_for(Vocabulary.LEARNING_RESOURCE).count() == 7
    site_visits = Term.objects.get(vocabulary=Vocabulary.LEARNING_RESOURCE, slug="site-visits")
    assert site_visits.label == "Site visits"


@pytest.mark.parametrize(
    ("option", "vocabulary"),
    [
        ("tools_techniques_types", Vocabulary.TOOL_TYPE),
        ("learning_resources", Vocabulary.LEARNING_RESOURCE),
        ("method_types", Vocabulary.METHOD_TYPE),
    ],
)
def test_every_participedia_option_resolves_to_a_term(shared_data, option, vocabulary):
    resolver = term_resolver(vocabulary)
    keys = _field_options(shared_data, option)
    assert keys
    assert [key for key in keys if resolver.resolve(key) is None] == []
    # Distinct options stay distinct terms.
    assert len({resolver.resolve(key).pk for key in keys}) == len(keys)


def test_loading_again_after_the_migration_changes_nothing():
    before = set(Term.objects.filter(vocabulary__in=[Vocabulary.TOOL_TYPE, Vocabulary.LEARNING_RESOURCE]))
    report = load_vocabularies()
    assert (report.created, report.updated) == (0, 0)
    assert report.per_vocabulary[Vocabulary.TOOL_TYPE] == 9
    assert report.per_vocabulary[Vocabulary.LEARNING_RESOURCE] == 7
    after = set(Term.objects.filter(vocabulary__in=[Vocabulary.TOOL_TYPE, Vocabulary.LEARNING_RESOURCE]))
    assert after == before


def test_loading_restores_a_deleted_new_term_without_touching_others():
    Term.objects.filter(vocabulary=Vocabulary.TOOL_TYPE, slug="recruit").delete()
    report = load_vocabularies()
    assert report.created == 1
    assert Term.objects.filter(vocabulary=Vocabulary.TOOL_TYPE, slug="recruit").exists()
