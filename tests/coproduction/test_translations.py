"""Translations of what a process publishes (the process, its proposals, polls and results):
provenance (the item is the original; who translated it, from which version), the outdated
flag after an edit of the original, who may translate, a poll translated whole (question and
every option), what a reader is shown in their language, and query counts unchanged by it."""

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from translocal.coproduction import services
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.models import PollTranslation, ProcessTranslation
from translocal.coproduction.polls import services as poll_services
from translocal.coproduction.translations.services import save_translation
from translocal.core.translations import text_hash

pytestmark = pytest.mark.django_db

SPANISH_PROCESS = {"title": "Presupuestos participativos de Gràcia", "summary": "Los vecinos deciden.",
                   "description": "Un **proceso** abierto."}
SPANISH_PROPOSAL = {"title": "Más árboles en la plaza", "body": "Plantar diez árboles."}


@pytest.fixture
def process(world):
    return world.process(moment="proposals", title="Gràcia participatory budget", summary="Residents decide.",
                         description="An **open** process.", is_published=True, original_language="en")


@pytest.fixture
def proposal(world, process):
    return world.proposal(process, title="More trees in the square", body="Plant ten trees.", original_language="en")


@pytest.fixture
def poll(world, process):
    return poll_services.create_poll(
        acting_user=world.people["coordinator"], process=process, question="Which square first?",
        options=["Plaça del Sol", "Plaça de la Virreina", "Neither"],
    )


def test_a_translation_records_who_made_it_and_from_which_version_of_the_original(world, process):
    coordinator = world.people["coordinator"]
    saved = save_translation(acting_user=coordinator, original=process, language="es", data=SPANISH_PROCESS)
    process.refresh_from_db()
    assert (saved.language, saved.title, saved.translator, saved.machine_translator) == (
        "es", SPANISH_PROCESS["title"], coordinator, ""
    )
    assert saved.source_version == process.version and not saved.is_outdated
    assert saved.source_hash == text_hash(process.title, process.summary, process.description)
    assert process.title == "Gràcia participatory budget" and process.original_language == "en"
    again = save_translation(acting_user=coordinator, original=process, language="es", data=SPANISH_PROCESS,
                             machine_translator="DeepL")
    assert again.machine_translator == "DeepL" and ProcessTranslation.objects.count() == 1


def test_an_edit_of_the_original_text_marks_its_translations_outdated(world, process, proposal):
    coordinator = world.people["coordinator"]
    spanish = save_translation(acting_user=coordinator, original=process, language="es", data=SPANISH_PROCESS)
    services.update_process(acting_user=coordinator, process=process, data={"support_threshold": 5})
    spanish.refresh_from_db()
    assert not spanish.is_outdated  # not its text
    services.update_process(acting_user=coordinator, process=process, data={"summary": "Residents decide it all."})
    spanish.refresh_from_db()
    process.refresh_from_db()
    assert spanish.is_outdated and process.version == spanish.source_version + 1

    translated = save_translation(acting_user=world.author, original=proposal, language="es", data=SPANISH_PROPOSAL)
    services.update_proposal(acting_user=world.author, proposal=proposal, title="More trees", body=proposal.body)
    translated.refresh_from_db()
    assert translated.is_outdated


def test_a_poll_is_translated_whole_and_an_option_changed_outdates_it(world, poll):
    coordinator = world.people["coordinator"]
    with pytest.raises(ValidationError) as refused:
        save_translation(acting_user=coordinator, original=poll, language="es", data={"question": "¿Qué plaza?"},
                         options=["Plaça del Sol", "Plaça de la Virreina"])
    assert "options" in refused.value.message_dict
    with pytest.raises(ValidationError):
        save_translation(acting_user=coordinator, original=poll, language="es", data={"question": "¿Qué plaza?"},
                         options=["Plaça del Sol", " ", "Ninguna"])
    assert not PollTranslation.objects.exists()
    spanish = save_translation(acting_user=coordinator, original=poll, language="es",
                               data={"question": "¿Qué plaza primero?"},
                               options=["Plaça del Sol", "Plaça de la Virreina", "Ninguna"])
    assert spanish.options == ["Plaça del Sol", "Plaça de la Virreina", "Ninguna"]
    poll_services.update_poll(acting_user=coordinator, poll=poll, data={},
                              options=["Plaça del Sol", "Plaça de la Virreina", "None of them"])
    spanish.refresh_from_db()
    assert spanish.is_outdated


def test_who_may_translate(world, process, proposal, poll):
    people = world.people
    for role in ("moderator", "coordinator", "staff"):
        save_translation(acting_user=people[role], original=proposal, language="ca", data=SPANISH_PROPOSAL)
        save_translation(acting_user=people[role], original=process, language="ca", data=SPANISH_PROCESS)
    save_translation(acting_user=world.author, original=proposal, language="sv", data=SPANISH_PROPOSAL)
    for role in ("resident", "member", "invited"):
        with pytest.raises(PermissionDenied):
            save_translation(acting_user=people[role], original=proposal, language="es", data=SPANISH_PROPOSAL)
        with pytest.raises(PermissionDenied):
            save_translation(acting_user=people[role], original=process, language="es", data=SPANISH_PROCESS)
        with pytest.raises(PermissionDenied):
            save_translation(acting_user=people[role], original=poll, language="es", data={"question": "?"},
                             options=["a", "b", "c"])
    with pytest.raises(ValidationError) as refused:
        save_translation(acting_user=people["coordinator"], original=process, language="en", data=SPANISH_PROCESS)
    assert "language" in refused.value.message_dict


def _page(client, url, language="es"):
    response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, url
    return response.content.decode()


def test_a_reader_sees_their_language_with_a_notice_and_the_original_a_click_away(world, client, process, proposal,
                                                                                  poll):
    coordinator = world.people["coordinator"]
    assert "Presupuestos" not in _page(client, process.get_absolute_url())  # cached now
    save_translation(acting_user=coordinator, original=process, language="es", data=SPANISH_PROCESS)
    save_translation(acting_user=coordinator, original=proposal, language="es", data=SPANISH_PROPOSAL)
    save_translation(acting_user=coordinator, original=poll, language="es", data={"question": "¿Qué plaza primero?"},
                     options=["Plaça del Sol", "Plaça de la Virreina", "Ninguna"])
    spanish = _page(client, process.get_absolute_url())
    assert '<span lang="es">Presupuestos participativos de Gràcia</span>' in spanish
    assert "<strong>proceso</strong>" in spanish and "Traducido del inglés por" in spanish
    assert 'href="?lang=orig"' in spanish
    assert 'lang="es">¿Qué plaza primero?</a>' in spanish  # the process's polls
    original = _page(client, process.get_absolute_url() + "?lang=orig")
    assert '<span lang="en">Gràcia participatory budget</span>' in original and 'href="?lang=es"' in original
    english = _page(client, process.get_absolute_url(), "en")
    assert "Presupuestos" not in english and "?lang=orig" not in english

    listing = _page(client, reverse("coproduction:proposal-list", args=[process.slug]))
    assert 'lang="es">Más árboles en la plaza</a>' in listing and "Plantar diez árboles." in listing
    assert 'lang="es">Presupuestos participativos de Gràcia</a>' in listing  # the breadcrumbs
    detail = _page(client, proposal.get_absolute_url())
    assert '<h1 lang="es">Más árboles en la plaza</h1>' in detail and "Plantar diez árboles." in detail
    poll_page = _page(client, poll.get_absolute_url())
    assert '<h1 lang="es">¿Qué plaza primero?</h1>' in poll_page and "Ninguna" in poll_page
    assert "Neither" not in poll_page

    services.update_proposal(acting_user=world.author, proposal=proposal, title="More trees", body="Plant ten.")
    assert "puede estar desactualizada" in _page(client, proposal.get_absolute_url())


def test_a_result_is_read_in_the_reader_s_language(world, client, process):
    coordinator = world.people["coordinator"]
    result = result_services.create_result(acting_user=coordinator, process=process, title="New benches")
    save_translation(acting_user=coordinator, original=result, language="ca",
                     data={"title": "Bancs nous", "description": "Deu bancs."})
    assert '<h1 lang="ca">Bancs nous</h1>' in _page(client, result.get_absolute_url(), "ca")
    assert 'lang="ca">Bancs nous</a>' in _page(client, reverse("coproduction:result-list", args=[process.slug]), "ca")


def test_the_translation_forms_save_and_show_their_errors(world, client, process, poll):
    client.force_login(world.people["coordinator"])
    url = reverse("coproduction:process-translate", args=[process.slug, "ca"])
    assert url in _page(client, process.get_absolute_url(), "en")
    form = _page(client, url, "ca")
    assert "Gràcia participatory budget" in form and 'lang="ca"' in form
    errors = client.post(url, {"title": "", "summary": "", "description": ""}, HTTP_ACCEPT_LANGUAGE="ca")
    assert errors.status_code == 200 and 'class="error-summary"' in errors.content.decode()
    done = client.post(url, {"title": "Pressupostos participatius de Gràcia", "summary": "", "description": ""})
    assert done.status_code == 302 and done["Location"].endswith("?lang=ca")
    assert process.translations.get(language="ca").title == "Pressupostos participatius de Gràcia"
    assert '<span lang="ca">Pressupostos participatius de Gràcia</span>' in _page(client, done["Location"], "en")

    poll_url = reverse("coproduction:poll-translate", args=[process.slug, poll.pk, "sv"])
    page = _page(client, poll_url, "sv")
    assert "Plaça de la Virreina" in page and 'name="option_3"' in page
    missing = client.post(poll_url, {"question": "Vilket torg först?", "option_1": "Solens torg", "option_2": "",
                                     "option_3": "Inget"})
    assert missing.status_code == 200 and 'href="#id_option_2"' in missing.content.decode()
    saved = client.post(poll_url, {"question": "Vilket torg först?", "option_1": "Solens torg",
                                   "option_2": "Virreinatorget", "option_3": "Inget"})
    assert saved.status_code == 302
    assert poll.translations.get(language="sv").options == ["Solens torg", "Virreinatorget", "Inget"]

    client.force_login(world.people["resident"])
    assert client.get(url).status_code == 403
    assert url not in _page(client, process.get_absolute_url(), "en")


def _count(client, url, language):
    # A first request warms what a process keeps in memory across requests (the related-items
    # index, read again after a write); the page is then counted with a cold page cache.
    _page(client, url, language)
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        _page(client, url, language)
    return len(queries)


def test_the_process_page_and_proposal_list_cost_the_same_queries_in_every_language(world, client, process,
                                                                                   proposal):
    other = world.proposal(process, title="Benches", body="More benches.")
    coordinator = world.people["coordinator"]
    pages = {"process": process.get_absolute_url(),
             "proposals": reverse("coproduction:proposal-list", args=[process.slug]),
             "proposal": proposal.get_absolute_url()}
    before = {name: [_count(client, url, language) for language in ("en", "es")] for name, url in pages.items()}
    save_translation(acting_user=coordinator, original=process, language="es", data=SPANISH_PROCESS)
    save_translation(acting_user=coordinator, original=proposal, language="es", data=SPANISH_PROPOSAL)
    after = {name: [_count(client, url, language) for language in ("en", "es")] for name, url in pages.items()}
    # Exact, cold cache, anonymous: the same with or without translations, in either language
    # (the translations are joined to, or correlated subqueries of, the pages' own queries).
    expected = {"process": [9, 9], "proposals": [5, 5], "proposal": [8, 8]}
    assert before == after == expected
    assert other.pk


@pytest.mark.parametrize("options", [3, 20])
def test_the_translation_forms_cost_a_fixed_number_of_queries(world, client, process, proposal, options,
                                                              django_assert_num_queries):
    """Each form, opened by the coordinator, before and after a translation is stored; the poll's
    at 3 and at 20 options (one form field each)."""
    coordinator = world.people["coordinator"]
    poll = poll_services.create_poll(acting_user=coordinator, process=process, question="Which square first?",
                                     options=[f"Square {n}" for n in range(options)])
    result = result_services.create_result(acting_user=coordinator, process=process, title="New benches")
    # Every form: session, user, the process, its phases, the coordinator's roles (one query);
    # then the item (not for the process's own form), a poll's options, the stored translation.
    forms = {
        reverse("coproduction:process-translate", args=[process.slug, "es"]): 6,
        reverse("coproduction:proposal-translate", args=[process.slug, proposal.pk, "es"]): 7,
        reverse("coproduction:poll-translate", args=[process.slug, poll.pk, "es"]): 8,
        reverse("coproduction:result-translate", args=[process.slug, result.pk, "es"]): 7,
    }
    client.force_login(coordinator)
    for url in forms:
        client.get(url)  # warm what a process keeps in memory across requests

    def check() -> None:
        for url, queries in forms.items():
            with django_assert_num_queries(queries):
                assert client.get(url).status_code == 200

    check()
    save_translation(acting_user=coordinator, original=process, language="es", data=SPANISH_PROCESS)
    save_translation(acting_user=coordinator, original=proposal, language="es", data=SPANISH_PROPOSAL)
    save_translation(acting_user=coordinator, original=poll, language="es", data={"question": "¿Qué plaza?"},
                     options=[f"Plaza {n}" for n in range(options)])
    save_translation(acting_user=coordinator, original=result, language="es", data={"title": "Bancos nuevos"})
    check()
    assert f'value="Plaza {options - 1}"' in client.get(
        reverse("coproduction:poll-translate", args=[process.slug, poll.pk, "es"])).content.decode()
