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


def test_a_bulk_index_embeds_what_it_indexed_once_each_batch_commits():
    """An importer writes in bulk and then indexes (search.services.index_instances): the
    objects it indexed are embedded as a single write's are, after the commit, drafts excepted."""
    from tests.factories import CaseFactory
    from translocal.knowledge.models import Case, Status
    from translocal.search.services import index_instances

    imported = [CaseFactory(title=f"Imported case {n}", summary="Residents planned a park.") for n in range(3)]
    draft = CaseFactory(title="Imported draft", status=Status.DRAFT)
    assert not Embedding.objects.exists()  # the factories wrote rows only, like a bulk import

    with transaction.atomic():
        index_instances(Case.objects.filter(pk__in=[c.pk for c in [*imported, draft]]))
        assert not Embedding.objects.exists()  # nothing computed inside the write transaction

    assert all(_row(case) is not None and _row(case).is_public for case in imported)
    assert _row(draft) is None


def test_a_bench_load_can_index_without_queueing_embeddings():
    from tests.factories import CaseFactory
    from translocal.knowledge.models import Case
    from translocal.search.services import index_instances

    case = CaseFactory(title="Loaded for a benchmark")
    index_instances(Case.objects.filter(pk=case.pk), notify=False)
    assert _row(case) is None


def test_an_import_leaves_its_vectors_to_the_background_worker(settings, tmp_path):
    """After `translocal import participedia` the imported cases are queued for the worker (the
    database task backend, as in production); the import computes no vector itself, and the
    worker's run embeds them: no `translocal embed` needed."""
    from django_tasks_db.models import DBTaskResult

    from tests.knowledge.test_import_participedia import write_fixture
    from translocal.knowledge.importers.participedia import import_participedia
    from translocal.knowledge.models import Case

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    structured = [{"id": "9930", "country": "Kenya", "city": "Kisumu", "original_language": "en"}]
    texts = {"9930": {"title": "Youth budget in Kisumu", "htmlbody": "<p>Young people chose the street lights.</p>"}}
    import_participedia(path=write_fixture(tmp_path / "participedia", structured=structured, texts=texts, methods=[]))
    case = Case.objects.get(source_id="9930")

    assert _row(case) is None
    queued = [
        r for r in DBTaskResult.objects.filter(task_path__endswith="embed_object_task")
        if r.args_kwargs["args"] == ["case", case.pk]
    ]
    assert len(queued) == 1

    # What the worker does with it (its command would close the test's database connection).
    queued[0].task.call(*queued[0].args_kwargs["args"], **queued[0].args_kwargs["kwargs"])

    row = _row(case)
    assert row is not None and row.is_public
