"""Results, meetings and initiatives in search: found by a word of their title when their process
is public; never when it is members-only or by invitation (whoever reads); a hidden initiative
(its author blocked with their content hidden) leaves search; a process turned members-only takes
its items out of search with it."""

import datetime as dt

import pytest
from django.utils import timezone

from translocal.coproduction import services as process_services
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.blocking import services as blocking_services
from translocal.coproduction.initiatives import services as initiative_services
from translocal.coproduction.meetings import services as meeting_services
from translocal.search.models import SearchEntry
from translocal.search.selectors import search

pytestmark = pytest.mark.django_db


def _titles(query: str, user=None) -> list[str]:  # noqa: ANN001
    return [hit.title_html.replace("<mark>", "").replace("</mark>", "") for hit in search(query=query, user=user).hits]


def _items(world, process, word: str, *, initiator) -> dict[str, object]:  # noqa: ANN001
    """A result, a meeting and an initiative of ``process``, each with ``word`` in its title."""
    coordinator = world.people["coordinator"]
    starts = (timezone.now() + dt.timedelta(days=3)).replace(second=0, microsecond=0)
    return {
        "result": result_services.create_result(
            acting_user=coordinator, process=process, title=f"Result {word} benches"),
        "meeting": meeting_services.create_meeting(
            acting_user=coordinator, process=process, title=f"Meeting {word} workshop", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), location="Levenshulme Library"),
        "initiative": initiative_services.start_initiative(
            acting_user=initiator, process=process, title=f"Initiative {word} pool",
            body="The pool is the only one within walking distance."),
    }


def test_results_meetings_and_initiatives_are_found_by_a_word_of_their_title(
    world, django_capture_on_commit_callbacks
):
    process = world.process(moment="voting")
    with django_capture_on_commit_callbacks(execute=True):
        items = _items(world, process, "zanzibarian", initiator=world.author)
    assert sorted(_titles("zanzibarian")) == sorted(item.title for item in items.values())
    for kind, item in items.items():
        assert SearchEntry.objects.get(kind=kind, object_id=item.pk).url == item.get_absolute_url()


def test_the_minutes_of_a_meeting_are_searchable_once_recorded(world, django_capture_on_commit_callbacks):
    process = world.process(moment="voting")
    starts = (timezone.now() - dt.timedelta(hours=3)).replace(second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        meeting = meeting_services.create_meeting(
            acting_user=world.people["coordinator"], process=process, title="Canal walk", starts_at=starts,
            ends_at=starts + dt.timedelta(hours=2), location="Levenshulme Library")
    assert _titles("quokkaville") == []
    with django_capture_on_commit_callbacks(execute=True):
        meeting_services.record_minutes(acting_user=world.people["coordinator"], meeting=meeting,
                                        minutes="We agreed on quokkaville planters.", attendee_count=5)
    assert _titles("quokkaville") == [meeting.title]


@pytest.mark.parametrize(("access", "initiator"), [("members", "member"), ("invited", "invited")])
def test_a_private_process_items_are_not_found_by_anonymous_readers_or_non_members(
    world, django_capture_on_commit_callbacks, access, initiator
):
    process = world.process(moment="voting", access=access)
    with django_capture_on_commit_callbacks(execute=True):
        items = _items(world, process, "marzipanic", initiator=world.people[initiator])
    assert all(item.pk for item in items.values())
    for reader in ("anonymous", "resident", "member"):
        assert _titles("marzipanic", world.people[reader]) == [], reader
    assert not SearchEntry.objects.filter(kind__in=list(items)).exists()


def test_a_process_turned_members_only_takes_its_items_out_of_search(world, django_capture_on_commit_callbacks):
    process = world.process(moment="voting")
    with django_capture_on_commit_callbacks(execute=True):
        _items(world, process, "gondolier", initiator=world.author)
    assert len(_titles("gondolier")) == 3
    with django_capture_on_commit_callbacks(execute=True):
        process_services.update_process(acting_user=world.people["coordinator"], process=process,
                                        data={"access": "members"})
    assert _titles("gondolier") == []


def test_a_hidden_initiative_disappears_from_search(world, django_capture_on_commit_callbacks):
    process = world.process(moment="voting")
    with django_capture_on_commit_callbacks(execute=True):
        initiative = initiative_services.start_initiative(
            acting_user=world.author, process=process, title="Keep the periwinkle pool open",
            body="The pool is the only one within walking distance.")
    assert _titles("periwinkle") == [initiative.title]
    with django_capture_on_commit_callbacks(execute=True):
        blocking_services.block_person(acting_user=world.people["coordinator"], hub=world.hub, user=world.author,
                                       reason="Abuse", hide_content=True)
    initiative.refresh_from_db()
    assert initiative.is_hidden
    assert _titles("periwinkle") == []
    assert not SearchEntry.objects.filter(kind="initiative", object_id=initiative.pk).exists()
