"""The Participedia-grade fields of a case added after the first schema: legality, facilitator
training, staff and volunteers, time limits, types of methods and of tools, learning resources,
evaluation links, street address, and "part of a larger case" with its components."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from tests.factories import CaseFactory, UserFactory
from translocal.knowledge import services
from translocal.knowledge.completeness import STRUCTURED_FIELDS, completeness_from_values
from translocal.knowledge.forms import CaseForm
from translocal.knowledge.models import Case, Completeness, FacilitatorTraining, Status, TimeLimited, YesNo
from translocal.knowledge.selectors import case_detail_queryset
from translocal.knowledge.views.facts import case_fact_groups
from translocal.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def _term(vocabulary: str, slug: str) -> Term:
    return Term.objects.get(vocabulary=vocabulary, slug=slug)


def _facts(case: Case) -> dict[str, dict[str, list[str]]]:
    return {g.heading: {f.label: [v.text for v in f.values] for f in g.facts} for g in case_fact_groups(case)}


# --- Model constraints -----------------------------------------------------------------------------


def test_database_refuses_a_case_that_is_a_component_of_itself():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(is_component_of=case)


def test_database_refuses_facilitator_training_for_a_case_without_facilitators():
    case = CaseFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(facilitated=False, facilitator_training="professional")


def test_model_validation_names_the_self_component_constraint():
    case = CaseFactory()
    case.is_component_of = case
    with pytest.raises(ValidationError, match="cannot be a component of itself"):
        case.validate_constraints()


def test_deleting_the_larger_case_leaves_its_components_standalone():
    parent = CaseFactory()
    child = CaseFactory(is_component_of=parent)
    parent.delete()
    child.refresh_from_db()
    assert child.is_component_of is None


# --- Services -------------------------------------------------------------------------------------


def test_create_case_saves_every_new_field(author):
    parent = CaseFactory(title="Porto Alegre participatory budget")
    case = services.create_case(
        acting_user=author,
        data={
            "title": "Regional assembly of the Restinga district",
            "is_component_of": parent,
            "legality": YesNo.YES,
            "facilitated": True,
            "facilitator_training": FacilitatorTraining.TRAINED,
            "staff": True,
            "volunteers": False,
            "time_limited": TimeLimited.REPEATED,
            "address": "Rua da Restinga 1, 91790-000",
            "evaluation_links": [{"url": "https://example.org/evaluation", "title": "Evaluation"}],
            "method_types": [_term(Vocabulary.METHOD_TYPE, "deliberative")],
            "tools_techniques_types": [_term(Vocabulary.TOOL_TYPE, "manage")],
            "learning_resources": [_term(Vocabulary.LEARNING_RESOURCE, "site-visits")],
        },
    )
    case.refresh_from_db()
    assert case.is_component_of == parent and list(parent.components.all()) == [case]
    assert (case.legality, case.facilitator_training) == ("yes", "trained")
    assert (case.staff, case.volunteers) == (True, False)
    assert (case.time_limited, case.address) == ("repeated", "Rua da Restinga 1, 91790-000")
    assert case.evaluation_links == [{"url": "https://example.org/evaluation", "title": "Evaluation"}]
    assert [t.slug for t in case.method_types.all()] == ["deliberative"]
    assert [t.slug for t in case.tools_techniques_types.all()] == ["manage"]
    assert [t.slug for t in case.learning_resources.all()] == ["site-visits"]


def test_a_case_cannot_be_made_a_component_of_itself(author):
    case = CaseFactory(created_by=author)
    with pytest.raises(ValidationError, match="cannot be a component of itself"):
        services.update_case(acting_user=author, case=case, data={"is_component_of": case})


def test_a_loop_of_larger_cases_is_refused_with_a_message(author):
    top = CaseFactory(created_by=author, title="City budget")
    middle = CaseFactory(created_by=author, is_component_of=top, title="District assemblies")
    bottom = CaseFactory(created_by=author, is_component_of=middle, title="Youth assembly")
    with pytest.raises(ValidationError) as error:
        services.update_case(acting_user=author, case=top, data={"is_component_of": bottom})
    message = error.value.message_dict["is_component_of"][0]
    assert "“Youth assembly” is itself part of this case" in message
    top.refresh_from_db()
    assert top.is_component_of is None


def test_moving_a_component_elsewhere_in_the_tree_is_allowed(author):
    top = CaseFactory(created_by=author)
    left = CaseFactory(created_by=author, is_component_of=top)
    right = CaseFactory(created_by=author, is_component_of=top)
    services.update_case(acting_user=author, case=right, data={"is_component_of": left})
    right.refresh_from_db()
    assert right.is_component_of == left


def test_someone_elses_draft_cannot_be_chosen_as_the_larger_case(author, other):
    draft = CaseFactory(created_by=other, status=Status.DRAFT, published_at=None)
    with pytest.raises(ValidationError, match="Choose a published case"):
        services.create_case(acting_user=author, data={"title": "Part of a secret", "is_component_of": draft})


def test_facilitator_training_needs_facilitators(author):
    with pytest.raises(ValidationError, match="without facilitators"):
        services.create_case(
            acting_user=author,
            data={"title": "Unfacilitated", "facilitated": False, "facilitator_training": "untrained"},
        )


def test_evaluation_links_must_be_a_list_of_urls(author):
    with pytest.raises(ValidationError, match="Links must be a list"):
        services.create_case(acting_user=author, data={"title": "Bad links", "evaluation_links": ["x"]})


# --- Completeness ---------------------------------------------------------------------------------


def test_new_structured_fields_count_towards_completeness():
    assert {
        "time_limited", "legality", "facilitator_training", "staff", "volunteers", "method_types",
        "tools_techniques_types", "learning_resources",
    } <= set(STRUCTURED_FIELDS)
    nine = {name: 1 for name in STRUCTURED_FIELDS[-9:]}
    assert completeness_from_values(nine, has_text=True) == Completeness.PARTIAL
    # "No paid staff" is an answer, so it counts as filled.
    assert completeness_from_values({**nine, "staff": False}, has_text=True) == Completeness.COMPLETE


def test_part_of_address_and_evaluation_links_are_not_graded():
    assert not {"is_component_of", "address", "evaluation_links"} & set(STRUCTURED_FIELDS)


# --- Form -----------------------------------------------------------------------------------------


def test_case_form_offers_the_new_vocabularies_as_checkbox_groups():
    form = CaseForm()
    for name in ("method_types", "tools_techniques_types", "learning_resources"):
        assert isinstance(form.fields[name].widget, forms.CheckboxSelectMultiple), name
    assert {c[0] for c in form.fields["time_limited"].choices} == {"", "single", "repeated"}
    training = {c[0] for c in form.fields["facilitator_training"].choices}
    assert training == {"", "professional", "trained", "untrained"}
    sections = dict((heading, [f.name for f in fields]) for heading, fields in form.section_fields())
    assert list(sections) == [
        "What happened", "Where and when", "Who took part and who organised it", "How it was decided", "What changed",
    ]
    assert {"staff", "volunteers"} <= set(sections["Who took part and who organised it"])
    assert {"legality", "facilitator_training", "learning_resources"} <= set(sections["How it was decided"])
    assert "evaluation_links" in sections["What changed"]
    assert "More" not in sections


def test_larger_case_choices_leave_out_the_case_its_components_and_others_drafts():
    case = CaseFactory(title="The case")
    component = CaseFactory(title="Its component", is_component_of=case)
    CaseFactory(title="A draft", status=Status.DRAFT, published_at=None)
    other = CaseFactory(title="Another case")
    choices = set(CaseForm(instance=case).fields["is_component_of"].queryset)
    assert other in choices and case not in choices and component not in choices
    assert not any(c.title == "A draft" for c in choices)


def test_case_form_page_shows_and_saves_the_new_fields(client, author):
    parent = CaseFactory(title="Citywide programme")
    client.force_login(author)
    page = client.get(reverse("knowledge:case-create")).content.decode()
    for name in ("tools_techniques_types", "learning_resources", "method_types"):
        assert f'type="checkbox" name="{name}"' in page
    assert 'name="is_component_of"' in page and 'name="evaluation_links"' in page
    resource = _term(Vocabulary.LEARNING_RESOURCE, "expert")
    tool = _term(Vocabulary.TOOL_TYPE, "facilitate-decision-making")
    response = client.post(
        reverse("knowledge:case-create"),
        {
            "title": "Neighbourhood jury",
            "original_language": "en",
            "is_component_of": parent.pk,
            "legality": "yes",
            "facilitated": "true",
            "facilitator_training": "professional",
            "staff": "true",
            "volunteers": "false",
            "time_limited": "single",
            "learning_resources": [resource.pk],
            "tools_techniques_types": [tool.pk],
            "evaluation_links": "https://example.org/report Final report",
            "action": "draft",
        },
    )
    case = Case.objects.get(title="Neighbourhood jury")
    assert response.status_code == 302
    assert case.is_component_of == parent
    assert (case.legality, case.facilitated, case.facilitator_training) == ("yes", True, "professional")
    assert (case.staff, case.volunteers, case.time_limited) == (True, False, "single")
    assert list(case.learning_resources.all()) == [resource]
    assert list(case.tools_techniques_types.all()) == [tool]
    assert case.evaluation_links == [{"url": "https://example.org/report", "title": "Final report"}]


def test_case_form_explains_training_without_facilitators():
    data = {"title": "X", "original_language": "en", "facilitated": "false"}
    data["facilitator_training"] = "trained"
    form = CaseForm(data=data)
    assert not form.is_valid()
    assert "no facilitators" in form.errors["facilitator_training"][0]


def test_edit_form_shows_saved_evaluation_links_one_a_line():
    case = CaseFactory(evaluation_links=[{"url": "https://example.org/a", "title": "A"}])
    assert CaseForm(instance=case).initial["evaluation_links"] == "https://example.org/a A"


# --- Case page ------------------------------------------------------------------------------------


def test_case_page_shows_the_new_facts_in_participedia_like_groups(client):
    parent = CaseFactory(title="Citywide programme")
    case = CaseFactory(
        title="District assembly",
        is_component_of=parent,
        legality="no",
        facilitated=True,
        facilitator_training="untrained",
        staff=False,
        volunteers=True,
        time_limited="repeated",
        address="1 Market Street",
        evaluation_links=[{"url": "https://example.org/eval", "title": "Evaluation report"}],
    )
    case.learning_resources.set([_term(Vocabulary.LEARNING_RESOURCE, "written")])
    case.tools_techniques_types.set([_term(Vocabulary.TOOL_TYPE, "inform")])
    case.method_types.set([_term(Vocabulary.METHOD_TYPE, "deliberative")])
    facts = _facts(case_detail_queryset().get(pk=case.pk))
    assert facts["Larger initiative and components"] == {"Part of": ["Citywide programme"]}
    process = facts["Process and methods"]
    assert process["Legal"] == ["No"]
    assert process["Facilitator training"] == ["Untrained, non-professional facilitators"]
    assert process["Learning resources"] == ["Written briefing materials"]
    assert process["General types of tools and techniques"] == ["Inform, educate and/or raise awareness"]
    assert process["General types of methods"] == [_term(Vocabulary.METHOD_TYPE, "deliberative").label]
    assert facts["Organisers and funding"] == {"Paid staff": ["No"], "Volunteers": ["Yes"]}
    assert facts["Outcomes and impact"]["Evaluation reports"] == ["Evaluation report"]
    assert facts["Dates and place"]["Held once or repeated"] == ["Repeated over time"]
    assert facts["Dates and place"]["Address"] == ["1 Market Street"]

    page = client.get(case.get_absolute_url()).content.decode()
    assert f'href="{parent.get_absolute_url()}"' in page
    assert "Untrained, non-professional facilitators" in page and 'href="https://example.org/eval"' in page


def test_larger_case_page_lists_its_published_components_only(client):
    parent = CaseFactory(title="Citywide programme")
    CaseFactory(title="Published part", is_component_of=parent)
    CaseFactory(title="Draft part", is_component_of=parent, status=Status.DRAFT, published_at=None)
    page = client.get(parent.get_absolute_url()).content.decode()
    assert "Has components" in page and "Published part" in page
    assert "Draft part" not in page


def test_a_draft_larger_case_is_not_named_on_a_public_page(client):
    author = UserFactory()
    parent = CaseFactory(title="Secret programme", created_by=author, status=Status.DRAFT, published_at=None)
    child = CaseFactory(title="Public part", is_component_of=parent)
    assert "Secret programme" not in client.get(child.get_absolute_url()).content.decode()
