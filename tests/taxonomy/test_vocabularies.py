import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import normalise_key, term_resolver, term_resolvers, terms_for
from translocal.taxonomy.services import (
    VOCABULARIES_FILE,
    ensure_term,
    load_vocabularies,
    read_vocabulary_file,
)

pytestmark = pytest.mark.django_db


def _write(tmp_path, vocabularies: dict) -> object:
    path = tmp_path / "vocabularies.json"
    path.write_text(json.dumps({"vocabularies": vocabularies}))
    return path


def test_data_migration_gives_a_fresh_install_every_vocabulary():
    for vocabulary in Vocabulary.values:
        assert terms_for(vocabulary).exists(), vocabulary


def test_fresh_install_has_the_17_goals_roles_and_languages():
    assert list(terms_for(Vocabulary.SDG).values_list("slug", flat=True)) == [str(n) for n in range(1, 18)]
    goal = Term.objects.get(vocabulary=Vocabulary.SDG, slug="11")
    assert goal.label == "11. Sustainable cities and communities"
    roles = set(terms_for(Vocabulary.ROLE).values_list("slug", flat=True))
    assert roles == {"public-official", "community-practitioner", "researcher", "resident", "young-person"}
    languages = set(terms_for(Vocabulary.LANGUAGE).values_list("slug", flat=True))
    assert {"en", "es", "ca", "sw", "sv", "af", "xh", "zu", "luo"} <= languages
    assert len(languages) >= 25


def test_loading_twice_changes_nothing():
    count = Term.objects.count()
    report = load_vocabularies()
    assert (report.created, report.updated) == (0, 0)
    assert report.unchanged == count
    assert Term.objects.count() == count


def test_loading_restores_a_changed_label_and_keeps_aliases_added_by_editors():
    term = Term.objects.get(vocabulary=Vocabulary.THEME, slug="housing")
    term.label = "Homes"
    term.aliases = ["dwellings"]
    term.save()
    report = load_vocabularies()
    term.refresh_from_db()
    assert report.updated == 1
    assert term.label == "Housing"
    assert "dwellings" in term.aliases


def test_loading_creates_missing_terms_and_never_deletes(tmp_path):
    path = _write(tmp_path, {"theme": [{"slug": "night-time-economy", "label": "Night-time economy"}]})
    before = terms_for(Vocabulary.THEME).count()
    report = load_vocabularies(path=path)
    assert report.created == 1
    assert terms_for(Vocabulary.THEME).count() == before + 1
    assert Term.objects.filter(vocabulary=Vocabulary.THEME, slug="housing").exists()


def test_file_with_an_unknown_vocabulary_is_refused(tmp_path):
    path = _write(tmp_path, {"colours": [{"slug": "red", "label": "Red"}]})
    with pytest.raises(ValidationError, match="unknown vocabulary"):
        read_vocabulary_file(path)


def test_file_where_one_alias_names_two_terms_is_refused(tmp_path):
    path = _write(tmp_path, {"theme": [
        {"slug": "a", "label": "A", "aliases": ["same"]},
        {"slug": "b", "label": "B", "aliases": ["same"]},
    ]})
    with pytest.raises(ValidationError, match="names both"):
        read_vocabulary_file(path)


def test_shipped_file_is_valid_and_covers_every_vocabulary():
    assert set(read_vocabulary_file(VOCABULARIES_FILE)) == set(Vocabulary.values)


@pytest.mark.parametrize(
    ("vocabulary", "spellings", "slug"),
    [
        (Vocabulary.GENERAL_ISSUE, [
            "governance_political_institutions_eg_constitutions_legal_systems_electoral_systems",
            "governance",
        ], "governance"),
        (Vocabulary.GENERAL_ISSUE, ["planning_development", "planning", "Planning-Development"],
         "planning-development"),
        (Vocabulary.SCOPE, ["city/town", "city-town", " City/Town "], "city-town"),
        (Vocabulary.SCOPE, ["regional_eg_state_province_autonomous_region", "regional"], "regional"),
        (Vocabulary.DECISION_METHOD, ["general_agreement/consensus", "general"], "consensus"),
        (Vocabulary.DECISION_METHOD, ["opinion_survey", "opinion"], "opinion-survey"),
        (Vocabulary.VOTING_METHOD, ["preferential_voting", "preferential"], "preferential"),
        (Vocabulary.PURPOSE, ["make"], "public-decisions"),
        (Vocabulary.SPECIFIC_TOPIC, ["budget_local", "budget"], "budget-local"),
        (Vocabulary.TARGETED, ["gay/lesbian/bisexual/transgender_ie_lgbt", "lgbt"], "lgbtq"),
    ],
)
def test_every_spelling_of_a_concept_resolves_to_one_term(vocabulary, spellings, slug):
    resolver = term_resolver(vocabulary)
    assert {resolver.resolve(spelling).slug for spelling in spellings} == {slug}


def test_resolver_knows_nothing_of_unknown_values():
    resolver = term_resolver(Vocabulary.GENERAL_ISSUE)
    assert resolver.resolve("time_travel") is None
    assert resolver.resolve(None) is None


def test_one_query_builds_resolvers_for_all_vocabularies(django_assert_num_queries):
    with django_assert_num_queries(1):
        resolvers = term_resolvers()
    assert resolvers[Vocabulary.SCOPE].resolve("no_geo").slug == "no-geographical-limits"


def test_normalise_key_treats_separators_alike():
    spellings = {normalise_key(key) for key in ("City/Town", "city-town", "city__town", " city_town ")}
    assert spellings == {"city_town"}


def test_an_unknown_value_becomes_a_new_term_with_a_readable_label():
    resolver = term_resolver(Vocabulary.GENERAL_ISSUE)
    term, created = ensure_term(resolver=resolver, value="urban_gardening")
    again, created_again = ensure_term(resolver=resolver, value="Urban-Gardening")
    assert created and not created_again
    assert again == term
    assert (term.slug, term.label) == ("urban-gardening", "Urban gardening")
    assert term_resolver(Vocabulary.GENERAL_ISSUE).resolve("urban_gardening") == term


def test_load_vocabularies_command_reports_what_it_did():
    out = StringIO()
    call_command("load_vocabularies", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()


def test_load_vocabularies_command_is_an_import_run_in_the_audit_log(tmp_path):
    from translocal.audit.models import AuditEntry
    from translocal.core.caching import content_version
    from translocal.taxonomy.services import VOCABULARIES_FILE

    call_command("load_vocabularies", stdout=StringIO())
    [row] = AuditEntry.objects.filter(action="import")
    assert row.reason == str(VOCABULARIES_FILE) and row.details["source"] == "vocabularies"
    assert (row.details["created"], row.details["updated"]) == (0, 0)
    path = tmp_path / "more.json"
    path.write_text('{"theme": [{"slug": "night-economy", "label": "Night economy"}]}', encoding="utf-8")
    before = content_version()
    call_command("load_vocabularies", "--file", str(path), stdout=StringIO())
    assert content_version() == before + 1  # a term was added: cached filter lists follow
    assert AuditEntry.objects.filter(action="import", reason=str(path), details__created=1).count() == 1


def test_staff_can_browse_terms_in_the_admin(client):
    from tests.factories import UserFactory

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/taxonomy/term/?vocabulary__exact=sdg")
    assert response.status_code == 200
    assert b"Sustainable cities" in response.content


def test_every_shipped_term_has_a_spanish_catalan_and_swedish_label():
    from translocal.taxonomy.services import read_vocabulary_file

    missing = [
        f"{vocabulary}/{term['slug']}"
        for vocabulary, terms in read_vocabulary_file().items()
        for term in terms
        if not {"es", "ca", "sv"} <= {language for language, text in term.get("labels", {}).items() if text.strip()}
    ]
    assert not missing


def test_a_fresh_install_has_the_labels_in_every_interface_language():
    from django.utils import translation

    term = Term.objects.get(vocabulary=Vocabulary.APPROACH, slug="co-production")
    for language, label in (("es", "Coproducción"), ("ca", "Coproducció"), ("sv", "Samskapande")):
        with translation.override(language):
            assert term.display_label == label
