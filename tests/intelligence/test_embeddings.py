"""Vectors follow the content: computed once the write commits (a background task, inline in
tests), only for what is public, not again for unchanged text, withdrawn when an entry stops
being public; the in-process index of every app server follows the database."""

import numpy as np
import pytest
from django.core.management import call_command
from django.db import transaction

from translocal.intelligence import services
from translocal.intelligence.embedders import E5Embedder, HashingEmbedder, get_embedder
from translocal.intelligence.index import VectorIndex, forget_indexes
from translocal.intelligence.models import Embedding
from translocal.knowledge.services import unpublish_case, update_case

pytestmark = pytest.mark.django_db


def _row(case):
    return Embedding.objects.filter(kind="case", object_id=case.pk, model_name=get_embedder().name).first()


def test_publishing_a_case_embeds_it_once_the_write_commits(make_case):
    with transaction.atomic():
        case = make_case("Teenagers redesign their streets", "A youth panel chose new benches and trees.")
        assert _row(case) is None  # nothing computed inside the write transaction
    row = _row(case)
    embedder = get_embedder()
    assert row is not None and row.is_public and row.dimensions == embedder.dimensions
    vector = np.frombuffer(bytes(row.vector), dtype="<f4")
    assert vector.shape == (embedder.dimensions,)
    assert abs(float(np.linalg.norm(vector)) - 1.0) < 1e-3


def test_a_rolled_back_write_embeds_nothing(make_case):
    with pytest.raises(RuntimeError), transaction.atomic():
        make_case("Never committed", "Rolled back.")
        raise RuntimeError
    assert not Embedding.objects.exists()


def test_a_draft_has_no_vector(make_case):
    draft = make_case("Secret plans for the harbour", "Not yet public.", publish=False)
    assert _row(draft) is None


def test_unchanged_text_is_not_embedded_again(make_case, author):
    case = make_case("Citizens assembly on climate", "Randomly selected residents deliberated.")
    revision = _row(case).revision
    assert services.embed_object(kind="case", object_id=case.pk) == "unchanged"
    assert _row(case).revision == revision
    new_summary = "Residents chosen by lot deliberated for six weekends."
    update_case(acting_user=author, case=case, data={"summary": new_summary})
    assert _row(case).revision > revision


def test_an_unpublished_case_leaves_a_tombstone(make_case, author, django_user_model):
    case = make_case("Participatory budget in the port district", "Residents voted on projects.")
    staff = django_user_model.objects.create(username="staff", is_staff=True, is_superuser=True)
    unpublish_case(acting_user=staff, case=case, reason="Test takedown.")
    row = _row(case)
    assert row is not None and not row.is_public and bytes(row.vector) == b""


def test_two_app_servers_see_the_same_vectors(make_case, author, django_user_model):
    embedder = get_embedder()
    first, second = VectorIndex(embedder.name, embedder.dimensions), VectorIndex(embedder.name, embedder.dimensions)
    kept = make_case("Youth council for parks", "Young people advise on green spaces.")
    gone = make_case("Water tariffs consultation", "An online survey on prices.")
    first.refresh()
    assert len(first) == 2
    staff = django_user_model.objects.create(username="staff", is_staff=True, is_superuser=True)
    unpublish_case(acting_user=staff, case=gone, reason="Test takedown.")
    first.refresh()
    second.refresh()
    for index in (first, second):
        assert len(index) == 1
        assert index.vector_of("case", kept.pk) is not None and index.vector_of("case", gone.pk) is None


def test_the_command_embeds_what_was_written_around_the_services(make_case):
    from tests.factories import CaseFactory
    from translocal.search.services import index_instance

    case = CaseFactory(title="Imported case", summary="Written straight to the database.")
    index_instance(case)
    assert _row(case) is None
    call_command("embed", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _row(case) is not None


def test_the_lexical_fallback_needs_no_model(settings, make_case):
    settings.INTELLIGENCE_EMBEDDER = "hashing"
    forget_indexes()
    embedder = get_embedder()
    assert isinstance(embedder, HashingEmbedder) and not embedder.semantic
    case = make_case("Participatory budgeting in Porto Alegre", "Residents decide on the budget.")
    assert Embedding.objects.filter(model_name=HashingEmbedder.name, object_id=case.pk).exists()
    vectors = embedder.passages(["participatory budgeting", "participatory budget", "river cleaning"])
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_model_ships_with_the_install():
    """The intelligence extra is part of the development install: tests run the real model."""
    embedder = get_embedder()
    assert isinstance(embedder, E5Embedder)
    english, spanish, other = embedder.passages(
        ["young people shaping their neighbourhood", "jóvenes que transforman su barrio", "tax on fuel imports"]
    )
    assert english @ spanish > english @ other


def test_a_vector_stored_by_the_worker_moves_the_content_version(make_case):
    """Inline (tests), the write's own bump follows the vector; the worker's later run bumps."""
    from translocal.core.caching import content_version

    case = make_case("Neighbourhood assemblies", "Residents meet monthly.")
    Embedding.objects.filter(object_id=case.pk).delete()
    before = content_version()
    services.embed_object(kind="case", object_id=case.pk)  # what the queued task does
    assert content_version() == before + 1
    assert services.embed_object(kind="case", object_id=case.pk) == "unchanged"
    assert content_version() == before + 1
