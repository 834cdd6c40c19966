"""Loading the demo network through the apps' services.

Idempotent by design: every object is looked up by its natural key (username, slug, or the slug
its service derives from the title) and, when it exists, left exactly as it is, so a second run
creates nothing and never overwrites what somebody edited in the running demo.
"""

import datetime as dt
import io
import zoneinfo
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from translocal.accounts import services as account_services
from translocal.accounts.models import User
from translocal.coproduction import services as coproduction_services
from translocal.coproduction.accountability import services as result_services
from translocal.coproduction.budgets import services as budget_services
from translocal.coproduction.initiatives import services as initiative_services
from translocal.coproduction.meetings import services as meeting_services
from translocal.coproduction.models import Comment, Phase, Process, Proposal
from translocal.coproduction.polls import services as poll_services
from translocal.core.images.processing import process_upload
from translocal.core.slugs import slug_base
from translocal.exchanges import services as exchange_services
from translocal.exchanges.models import Exchange, Registration, RegistrationType, Session, Speaker, Strand
from translocal.knowledge import services as knowledge_services
from translocal.knowledge.models import Case, CaseTranslation, Method, Reflection, Series, SeriesProposal, Status
from translocal.knowledge.services.images import add_entry_image
from translocal.places import services as place_services
from translocal.places.models import Hub, HubMembership, Organisation, Place
from translocal.taxonomy.models import Term, Vocabulary
from translocal.taxonomy.selectors import TermResolver, term_resolvers

from . import direct_writes, illustrations
from .content import cases as case_content
from .content import coproduction as coproduction_content
from .content import exchanges as exchange_content
from .content import journeys as journey_content
from .content import methods as method_content
from .content import network, series_translocal
from .content import reflections as reflection_content
from .content import translations as translation_content
from .content.tags import TAGS

CASE_DATES_FROM = dt.datetime(2023, 4, 4, 9, 0, tzinfo=dt.UTC)
METHOD_DATES_FROM = dt.datetime(2023, 2, 7, 9, 0, tzinfo=dt.UTC)

CASE_TERMS = {
    "general_issues": Vocabulary.GENERAL_ISSUE,
    "specific_topics": Vocabulary.SPECIFIC_TOPIC,
    "scope_of_influence": Vocabulary.SCOPE,
    "purposes": Vocabulary.PURPOSE,
    "approaches": Vocabulary.APPROACH,
    "targeted_participants": Vocabulary.TARGETED,
    "decision_methods": Vocabulary.DECISION_METHOD,
    "voting_methods": Vocabulary.VOTING_METHOD,
    "interactions": Vocabulary.INTERACTION,
    "outcomes": Vocabulary.OUTCOME,
    "change_types": Vocabulary.CHANGE_TYPE,
    "implementers": Vocabulary.IMPLEMENTER,
    "organizer_types": Vocabulary.ORGANIZER_TYPE,
    "funder_types": Vocabulary.FUNDER_TYPE,
    "method_types": Vocabulary.METHOD_TYPE,
    "tools_techniques_types": Vocabulary.TOOL_TYPE,
    "learning_resources": Vocabulary.LEARNING_RESOURCE,
}
CASE_TERM = {"public_spectrum": Vocabulary.PUBLIC_SPECTRUM, "recruitment_method": Vocabulary.RECRUITMENT}
CASE_SCALARS = (
    "summary",
    "body",
    "location_name",
    "number_of_participants",
    "open_limited",
    "mode",
    "facilitated",
    "impact_evidence",
    "impact_description",
    "formal_evaluation",
    "funder",
    "start_date",
    "end_date",
    "ongoing",
    "links",
    "original_language",
    "address",
    "legality",
    "facilitator_training",
    "staff",
    "volunteers",
    "time_limited",
    "evaluation_links",
)
METHOD_TERMS = {
    "method_types": Vocabulary.METHOD_TYPE,
    "purposes": Vocabulary.PURPOSE,
    "scope_of_influence": Vocabulary.SCOPE,
    "participant_numbers": Vocabulary.PARTICIPANT_NUMBER,
    "interactions": Vocabulary.INTERACTION,
    "decision_methods": Vocabulary.DECISION_METHOD,
    "voting_methods": Vocabulary.VOTING_METHOD,
}
METHOD_TERM = {"public_spectrum": Vocabulary.PUBLIC_SPECTRUM, "recruitment_method": Vocabulary.RECRUITMENT}
METHOD_SCALARS = (
    "summary",
    "body",
    "open_limited",
    "mode",
    "facilitated",
    "level_polarization",
    "level_complexity",
)


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    lines: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def note(self, kind: str, label: str) -> None:
        self.created[kind] += 1
        self.lines.append(f"  + {kind}: {label}")

    @property
    def total(self) -> int:
        return sum(self.created.values())


def title_slug(title: str) -> str:
    """The slug the knowledge services give a new entry with this title (when it is free)."""
    return slug_base(title, max_length=320, fallback="")


class DemoLoader:
    def __init__(self) -> None:
        self.result = LoadResult()
        self.users: dict[str, User] = {}
        self.places: dict[str, Place] = {}
        self.organisations: dict[str, Organisation] = {}
        self.hubs: dict[str, Hub] = {}
        self.methods: dict[str, Method] = {}
        self.cases: dict[str, Case] = {}
        self.resolvers: dict[str, TermResolver] = {}
        self.home_hub = self._home_hubs()

    # --- entry point -------------------------------------------------------------------------
    @transaction.atomic
    def load(self) -> LoadResult:
        self._ensure_vocabularies()
        self.resolvers = term_resolvers()
        admin = self._admin()
        self._places(admin)
        self._organisations(admin)
        self._people()
        self._hubs(admin)
        self._methods()
        self._cases(admin)
        self._translations()
        self._series(series_translocal.SERIES, series_translocal.POSTS)
        self._series(reflection_content.METHODS_SERIES, reflection_content.METHODS_POSTS)
        for post in reflection_content.STANDALONE:
            self._reflection(post, series=None)
        for exchange in exchange_content.EXCHANGES:
            self._exchange(exchange)
        for process in coproduction_content.PROCESSES:
            self._process(process)
        self._became()
        self._sdg(admin)
        return self.result

    # --- vocabularies ------------------------------------------------------------------------
    def _ensure_vocabularies(self) -> None:
        """The vocabularies arrive with a data migration; a database that predates it (or was
        flushed) gets them here, because every classification below refers to them."""
        if Term.objects.filter(vocabulary=Vocabulary.ROLE).exists():
            return
        from translocal.taxonomy.services import load_vocabularies

        report = load_vocabularies()
        self.result.lines.append(f"  vocabularies: {report}")

    def terms(self, vocabulary: str, keys: Iterable[str], *, where: str) -> list[Term]:
        resolver = self.resolvers.get(str(vocabulary))
        found = []
        for key in keys:
            term = resolver.resolve(key) if resolver else None
            if term is None:
                self.result.warnings.append(f"{where}: no term {key!r} in vocabulary {vocabulary}; skipped")
            else:
                found.append(term)
        return list(dict.fromkeys(found))

    def term(self, vocabulary: str, key: str | None, *, where: str) -> Term | None:
        if not key:
            return None
        found = self.terms(vocabulary, [key], where=where)
        return found[0] if found else None

    def _tags(self, key: str) -> dict[str, list[Term]]:
        tags = TAGS.get(key, {})
        return {
            "themes": self.terms(Vocabulary.THEME, tags.get("themes", []), where=key),
            "sdgs": self.terms(Vocabulary.SDG, tags.get("sdgs", []), where=key),
        }

    # --- people and places -------------------------------------------------------------------
    @staticmethod
    def _home_hubs() -> dict[str, str]:
        """Each person's main hub: the one they coordinate, else the first they belong to."""
        home: dict[str, str] = {}
        for hub in network.HUBS:
            for username in hub["coordinators"]:
                home.setdefault(username, hub["slug"])
        for hub in network.HUBS:
            for username in hub["members"]:
                home.setdefault(username, hub["slug"])
        return home

    def _register(self, person: dict[str, Any]) -> tuple[User, bool]:
        username = person["username"]
        existing = User.objects.filter(username=username).first()
        if existing is not None:
            return existing, False
        user = account_services.register_user(
            username=username,
            email=f"{username}@example.org",
            display_name=person["display_name"],
            password=network.DEMO_PASSWORD,
        )
        return user, True

    def _admin(self) -> User:
        user, created = self._register(network.ADMIN)
        if created:
            direct_writes.grant_staff_superuser(user=user)
            account_services.update_profile(
                acting_user=user,
                user=user,
                data={
                    "bio": network.ADMIN["bio"],
                    "languages": self.terms(Vocabulary.LANGUAGE, network.ADMIN["languages"], where="admin"),
                },
            )
            self.result.note("staff account", "admin")
        self.users["admin"] = user
        return user

    def _places(self, admin: User) -> None:
        for data in network.PLACES:
            place = Place.objects.filter(slug=data["slug"]).first()
            if place is None:
                place = place_services.create_place(acting_user=admin, data=data)
                self.result.note("place", place.name)
            elif data.get("alternative_names") and not place.alternative_names:
                # A demo loaded before places had other names gets them.
                place = place_services.update_place(
                    acting_user=admin, place=place, data={"alternative_names": data["alternative_names"]}
                )
            self.places[data["slug"]] = place

    def _organisations(self, admin: User) -> None:
        for data in network.ORGANISATIONS:
            slug = slug_base(data["name"], max_length=270, fallback="")
            organisation = Organisation.objects.filter(slug=slug).first()
            if organisation is None:
                organisation = Organisation.objects.filter(name=data["name"]).first()
            if organisation is None:
                organisation = place_services.create_organisation(
                    acting_user=admin,
                    data={
                        "name": data["name"],
                        "kind": data["kind"],
                        "place": self.places[data["place"]],
                        "website": data.get("website", ""),
                        "description": data["description"],
                    },
                )
                self.result.note("organisation", organisation.name)
            self.organisations[data["slug"]] = organisation

    def _people(self) -> None:
        for person in network.PEOPLE:
            user, created = self._register(person)
            self.users[person["username"]] = user
            if not created:
                continue
            where = f"person {person['username']}"
            account_services.update_profile(
                acting_user=user,
                user=user,
                data={
                    "bio": person["bio"],
                    "place": self.places.get(person["place"]),
                    "organisation": self.organisations.get(person["organisation"] or ""),
                    "roles": self.terms(Vocabulary.ROLE, person["roles"], where=where),
                    "expertise": self.terms(Vocabulary.GENERAL_ISSUE, person["expertise"], where=where),
                    "languages": self.terms(Vocabulary.LANGUAGE, person["languages"], where=where),
                },
            )
            self.result.note("person", f"{user.display_name} ({user.username})")

    def _hubs(self, admin: User) -> None:
        for data in network.HUBS:
            hub = Hub.objects.filter(slug=data["slug"]).first()
            if hub is None:
                hub = place_services.create_hub(
                    acting_user=admin,
                    place=self.places[data["place"]],
                    data=data,
                    organisations=[self.organisations[key] for key in data["organisations"]],
                )
                self.result.note("hub", hub.name)
            self.hubs[data["slug"]] = hub
            self._members(admin, hub, data)

    def _members(self, admin: User, hub: Hub, data: dict[str, Any]) -> None:
        """Join missing members; a role is only set for a membership created now, so a role
        changed later by the hub's coordinators is never put back."""
        present = set(HubMembership.objects.filter(hub=hub).values_list("user__username", flat=True))
        for role, usernames in (("coordinator", data["coordinators"]), ("member", data["members"])):
            for username in usernames:
                if username in present:
                    continue
                user = self.users[username]
                place_services.join_hub(acting_user=user, hub=hub)
                if role == "coordinator":
                    place_services.change_member_role(
                        acting_user=admin, hub=hub, member=user, role=HubMembership.Role.COORDINATOR
                    )
                self.result.note("hub membership", f"{user.username} in {hub.name} ({role})")

    # --- knowledge ---------------------------------------------------------------------------
    def _publish(
        self, entry: Any, when: dt.datetime, user: User, publish: Callable[..., Any], kwarg: str
    ) -> None:
        direct_writes.date_draft_publication(entry=entry, when=when)
        publish(acting_user=user, **{kwarg: entry})

    def _methods(self) -> None:
        for index, data in enumerate(method_content.METHODS):
            method = Method.objects.filter(slug=title_slug(data["title"])).first()
            if method is None:
                author = self.users[data["author"]]
                where = f"method {data['slug']}"
                values: dict[str, Any] = {"title": data["title"], "hub": self._hub_of(data["author"])}
                values.update({name: data[name] for name in METHOD_SCALARS if name in data})
                for name, vocabulary in METHOD_TERMS.items():
                    values[name] = self.terms(vocabulary, data.get(name, []), where=where)
                for name, vocabulary in METHOD_TERM.items():
                    values[name] = self.term(vocabulary, data.get(name), where=where)
                values.update(self._tags(data["slug"]))
                method = knowledge_services.create_method(acting_user=author, data=values)
                self._publish(
                    method,
                    METHOD_DATES_FROM + dt.timedelta(days=9 * index),
                    author,
                    knowledge_services.publish_method,
                    "method",
                )
                self.result.note("method", method.title)
            self.methods[data["slug"]] = method

    def _cases(self, admin: User) -> None:
        created = []
        for index, data in enumerate(case_content.CASES):
            case = Case.objects.filter(slug=title_slug(data["title"])).first()
            if case is None:
                case = self._create_case(data, CASE_DATES_FROM + dt.timedelta(days=29 * index), admin)
                self.result.note("case", case.title + (" (draft)" if case.status == Status.DRAFT else ""))
                created.append((case, data))
            self.cases[data["slug"]] = case
        # "Part of" may name a case later in the list: link once they all exist.
        for case, data in created:
            parent = self.cases.get(data.get("is_component_of") or "")
            if parent is not None:
                knowledge_services.update_case(
                    acting_user=self.users[data["author"]], case=case, data={"is_component_of": parent}
                )

    def _create_case(self, data: dict[str, Any], when: dt.datetime, admin: User) -> Case:
        author = self.users[data["author"]]
        where = f"case {data['slug']}"
        values: dict[str, Any] = {
            "title": data["title"],
            "place": self.places.get(data["place"]),
            "hub": self.hubs.get(data["hub"] or ""),
            "methods": [self.methods[key] for key in data["methods"]],
            "organisations": [self.organisations[key] for key in data["organisations"]],
        }
        values.update({name: data[name] for name in CASE_SCALARS if name in data})
        for name, vocabulary in CASE_TERMS.items():
            values[name] = self.terms(vocabulary, data.get(name, []), where=where)
        for name, vocabulary in CASE_TERM.items():
            values[name] = self.term(vocabulary, data.get(name), where=where)
        values.update(self._tags(data["slug"]))
        case = knowledge_services.create_case(acting_user=author, data=values)
        if data["status"] == Status.PUBLISHED:
            self._publish(case, when, author, knowledge_services.publish_case, "case")
            if data.get("featured"):
                knowledge_services.set_case_featured(acting_user=admin, case=case, featured=True)
        return case

    def _translations(self) -> None:
        """Translations of demo cases by their authors (knowledge.services.save_translation);
        one already there is left as it is."""
        for data in translation_content.TRANSLATIONS:
            case = self.cases[data["case"]]
            if CaseTranslation.objects.filter(entry=case, language=data["language"]).exists():
                continue
            knowledge_services.save_translation(
                acting_user=self.users[data["translator"]], entry=case, language=data["language"],
                data={name: data[name] for name in ("title", "summary", "body")},
            )
            self.result.note("translation", f"{case.title} ({data['language']})")

    def _series(self, data: dict[str, Any], posts: list[dict[str, Any]]) -> None:
        series = Series.objects.filter(slug=title_slug(data["title"])).first()
        if series is None:
            series = knowledge_services.create_series(
                acting_user=self.users[data["author"]],
                data={
                    "title": data["title"],
                    "description": data["description"],
                    "hub": self.hubs[data["hub"]],
                },
            )
            self.result.note("series", series.title)
        editor = self.users[data["author"]]
        for post in posts:
            reflection = self._reflection(post, series=series)
            # A post by someone who does not edit the series is proposed; its editor accepts it.
            for proposal in SeriesProposal.objects.filter(
                reflection=reflection, series=series, status=SeriesProposal.Status.PENDING
            ):
                knowledge_services.accept_series_proposal(acting_user=editor, proposal=proposal)

    def _illustrate(self, entry: Reflection, author: User, key: str) -> None:
        """Give a new entry its illustration (drawn, decoded and re-encoded like any upload) as
        its lead image, through the images service."""
        draw, alt_text = illustrations.ILLUSTRATIONS[key]
        upload = process_upload(io.BytesIO(draw()))
        add_entry_image(acting_user=author, entry=entry, upload=upload, alt_text=alt_text, make_lead=True)
        self.result.note("image", f"{key} for {entry.title}")

    def _reflection(self, data: dict[str, Any], *, series: Series | None) -> Reflection:
        reflection = Reflection.objects.filter(slug=title_slug(data["title"])).first()
        if reflection is not None:
            return reflection
        authors = [
            knowledge_services.AuthorInput(user=self.users[a])
            if isinstance(a, str)
            else knowledge_services.AuthorInput(
                guest_name=a["guest"], guest_affiliation=a.get("affiliation", "")
            )
            for a in data["authors"]
        ]
        lead = self.users[data["authors"][0]]
        values: dict[str, Any] = {
            "title": data["title"],
            "summary": data["summary"],
            "body": data["body"],
            "hub": self._hub_of(data["authors"][0]),
            "authors": authors,
            "cases": [self.cases[key] for key in data.get("cases", [])],
            "methods": [self.methods[key] for key in data.get("methods", [])],
            "places": [self.places[key] for key in data.get("places", [])],
            **self._tags(data["slug"]),
        }
        if series is not None:
            values["series"] = series  # appended as the next post: posts are listed in order
        reflection = knowledge_services.create_reflection(acting_user=lead, data=values)
        if data.get("image"):
            self._illustrate(reflection, lead, data["image"])
        for username in data["authors"][1:]:
            if isinstance(username, str):  # the demo's co-authors wrote these posts together
                knowledge_services.accept_authorship(acting_user=self.users[username], reflection=reflection)
        if data.get("status", Status.PUBLISHED) == Status.PUBLISHED:
            self._publish(
                reflection, data["published"], lead, knowledge_services.publish_reflection, "reflection"
            )
        label = reflection.title
        if series is not None:
            label += (
                f" (post {reflection.series_position} of {series.title})"
                if reflection.series_position
                else f" (proposed to {series.title})"
            )
        self.result.note("reflection", label + (" (draft)" if reflection.status == Status.DRAFT else ""))
        return reflection

    def _hub_of(self, username: str) -> Hub | None:
        return self.hubs.get(self.home_hub.get(username, ""))

    # --- SDG localisation ----------------------------------------------------------------------
    def _sdg(self, admin: User) -> None:
        from translocal.sdg import services as sdg_services
        from translocal.sdg.models import LocalTarget
        from translocal.taxonomy.services import save_term

        from .content import sdg as sdg_content

        targets: dict[str, Term] = {}
        for slug, data in sdg_content.TARGETS.items():
            term = Term.objects.filter(vocabulary=Vocabulary.SDG, slug=slug).first()
            goal = Term.objects.filter(vocabulary=Vocabulary.SDG, slug=data["goal"]).first()
            if term is None and goal is not None:
                term = save_term(
                    acting_user=admin,
                    data={"vocabulary": Vocabulary.SDG, "slug": slug, "label": data["label"], "parent": goal,
                          "position": data["position"]},
                )
            if term is not None:
                targets[slug] = term
        for case_slug, slugs in sdg_content.TAGGED_CASES.items():
            case = self.cases.get(case_slug)
            terms = [targets[slug] for slug in slugs if slug in targets]
            if case is not None and terms:
                knowledge_services.add_sdg_tags(acting_user=admin, entry=case, terms=terms)
        self._sdg_pillars(admin, targets)
        for local_data in sdg_content.LOCAL_TARGETS:
            hub, target = self.hubs.get(local_data["hub"]), targets.get(local_data["target"])
            if hub is None or target is None or LocalTarget.objects.filter(hub=hub, code=local_data["code"]).exists():
                continue
            local = sdg_services.create_local_target(
                acting_user=admin, hub=hub, target=target, code=local_data["code"], title=local_data["title"],
                description=local_data["description"],
            )
            for date, value, unit in local_data["values"]:
                sdg_services.record_indicator_value(
                    acting_user=admin, local_target=local, value=value, unit=unit,
                    date=dt.date.fromisoformat(date), source=local_data["source"],
                )
            self.result.note("local SDG target", local.code)

    def _sdg_pillars(self, admin: User, targets: dict[str, Term]) -> None:
        """Goals and targets of a process, a result and commitments, through their pillars'
        services as the people who may change them would confirm them."""
        from translocal.coproduction.models import Result
        from translocal.exchanges.models import Commitment

        from .content import sdg as sdg_content

        goals = {t.slug: t for t in Term.objects.filter(vocabulary=Vocabulary.SDG, parent__isnull=True)}

        def terms(slugs: list[str]) -> list[Term]:
            return [found for slug in slugs if (found := targets.get(slug) or goals.get(slug)) is not None]

        for title, slugs in sdg_content.TAGGED_PROCESSES.items():
            process = Process.objects.filter(title=title).first()
            if process is not None and terms(slugs):
                coproduction_services.tag_process_with_sdgs(acting_user=admin, process=process, terms=terms(slugs))
        for title, slugs in sdg_content.TAGGED_RESULTS.items():
            result = Result.objects.select_related("process__hub").filter(title=title).first()
            if result is not None and terms(slugs):
                result_services.tag_result_with_sdgs(acting_user=admin, result=result, terms=terms(slugs))
        for title, slugs in sdg_content.TAGGED_COMMITMENTS.items():
            commitment = Commitment.objects.select_related("registration__user").filter(title=title).first()
            if commitment is not None and commitment.registration.user is not None and terms(slugs):
                exchange_services.tag_commitment_with_sdgs(
                    acting_user=commitment.registration.user, commitment=commitment, terms=terms(slugs)
                )

    # --- exchanges ---------------------------------------------------------------------------
    def _exchange(self, data: dict[str, Any]) -> None:
        """One exchange with its programme and delegates, written through the exchange services
        as its organiser and its delegates would. An exchange that exists is left as it is."""
        if Exchange.objects.filter(slug=slug_base(data["title"], max_length=220, fallback="")).exists():
            return
        organiser = self.users[data["organiser"]]
        fields = ("title", "kind", "summary", "description", "starts_on", "ends_on", "time_zone", "funding_note")
        exchange = exchange_services.create_exchange(
            acting_user=organiser,
            data={
                **{name: data[name] for name in fields},
                "hub": self.hubs[data["hub"]],
                "visibility": Exchange.Visibility.PUBLIC,
                "registration_open": True,
                "publish": True,
            },
        )
        self.result.note("exchange", exchange.title)
        strands: dict[str, Strand] = {}
        for title, description in data["strands"]:
            strands[title] = exchange_services.save_strand(
                acting_user=organiser, exchange=exchange, data={"title": title, "description": description}
            )
        speakers: dict[str, Speaker] = {}
        for speaker in data["speakers"]:
            user = self.users[speaker["user"]] if "user" in speaker else None
            saved = exchange_services.save_speaker(
                acting_user=organiser,
                exchange=exchange,
                data={"user": user, "name": speaker.get("name", ""), "affiliation": speaker.get("affiliation", "")},
            )
            speakers[speaker["user"].capitalize() if user else saved.name] = saved
        zone = zoneinfo.ZoneInfo(data["time_zone"])
        for day, start, end, title, strand, names in data["sessions"]:
            date = data["starts_on"] + dt.timedelta(days=day)
            exchange_services.save_session(
                acting_user=organiser,
                exchange=exchange,
                data={
                    "title": title,
                    "starts_at": dt.datetime.combine(date, dt.time.fromisoformat(start), tzinfo=zone),
                    "ends_at": dt.datetime.combine(date, dt.time.fromisoformat(end), tzinfo=zone),
                    "strand": strands[strand] if strand else None,
                    "speakers": [speakers[name] for name in names],
                },
            )
        for question in data.get("questions", []):
            exchange_services.save_question(acting_user=organiser, exchange=exchange, data=question)
        types: dict[str, RegistrationType] = {}
        for rtype in data["types"]:
            types[rtype["name"]] = exchange_services.save_registration_type(
                acting_user=organiser, exchange=exchange, data=rtype
            )
        for username, type_name, state, goals in data["delegates"]:
            self._delegate(exchange, organiser, self.users[username], types[type_name], state, goals)
        for guest in data.get("guests", []):
            exchange_services.invite_to_exchange(
                acting_user=organiser,
                exchange=exchange,
                registration_type=types[guest["type"]],
                name=guest["name"],
                organisation_name=guest["organisation_name"],
            )
            self.result.note("exchange registration", f"{guest['name']} at {exchange.title} (invited guest)")
        if data["ends_on"] < dt.date.today():  # noqa: DTZ011 - a calendar day is what is compared
            exchange_services.update_exchange(
                acting_user=organiser, exchange=exchange, data={"registration_open": False}
            )
        self._journeys(exchange, journey_content.JOURNEYS.get(exchange.title, {}))

    def _journeys(self, exchange: Exchange, journeys: dict[str, dict[str, Any]]) -> None:
        """The delegates' learning journeys, written through the journey services as they would
        write them: a rating, lessons (one harvested into a case draft), commitments with their
        follow-ups on the dates given, outcomes, and the verifiers' answers."""
        sessions = {session.title: session for session in Session.objects.filter(exchange=exchange)}
        for username, journey in journeys.items():
            person = self.users[username]
            registration = Registration.objects.select_related("exchange").get(exchange=exchange, user=person)
            services = exchange_services
            services.rate_exchange(acting_user=person, registration=registration, rating=journey["rating"])
            lessons = {}
            for item in journey["lessons"]:
                lesson = services.save_lesson(
                    acting_user=person,
                    registration=registration,
                    data={
                        "title": item["title"],
                        "body": item.get("body", ""),
                        "session": sessions.get(item.get("session", "")),
                        "person_name": item.get("person", ""),
                        "place": exchange.place,
                        "answers_goal": item["answers_goal"],
                        "privacy": item["privacy"],
                    },
                )
                lessons[item["key"]] = lesson
                if item.get("harvest"):
                    services.harvest_case(acting_user=person, lesson=lesson)
                self.result.note("lesson", lesson.title)
            for item in journey["commitments"]:
                commitment = services.save_commitment(
                    acting_user=person,
                    registration=registration,
                    data={
                        "title": item["title"],
                        "lesson": lessons.get(item.get("lesson", "")),
                        "due_on": item["due_on"],
                        "hub": self.hubs.get(item.get("hub", "")),
                        "organisation": self.organisations.get(item.get("organisation", "")),
                        "privacy": item["privacy"],
                    },
                )
                self.result.note("commitment", commitment.title)
                for day, status, note, link in item["follow_ups"]:
                    services.add_follow_up(
                        acting_user=person,
                        commitment=commitment,
                        data={"status": status, "note": note, "written_on": day, "evidence_url": link},
                        now=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC),
                    )
                for found in item.get("outcomes", []):
                    self._outcome(person, registration, commitment, found)

    def _became(self) -> None:
        """Commitments that became a co-production process: the delegate names the process
        (through the journey service, as the commitment form does) and, for those confirmed, the
        process's coordinator confirms it (through the coordinators' service). A commitment
        already linked to a process is left as it is."""
        from translocal.core.models import Lineage
        from translocal.exchanges.lineage import COMMITMENT, PROCESS, became_id
        from translocal.exchanges.models import Commitment

        for title, process_title, confirm in journey_content.BECAME:
            commitment = Commitment.objects.select_related("registration__user").filter(title=title).first()
            process = Process.objects.select_related("hub").filter(title=process_title).first()
            if commitment is None or process is None or commitment.registration.user is None:
                continue
            if became_id(commitment) is not None:
                continue
            exchange_services.save_commitment(
                acting_user=commitment.registration.user,
                registration=commitment.registration,
                commitment=commitment,
                data={"becomes": process.pk},
            )
            self.result.note("commitment linked to a process", f"{commitment.title} -> {process.title}")
            if not confirm:
                continue
            link = Lineage.objects.get(
                source_kind=COMMITMENT, source_id=commitment.pk, target_kind=PROCESS, target_id=process.pk
            )
            coordinator = self.users[
                next(data["coordinator"] for data in coproduction_content.PROCESSES if data["title"] == process_title)
            ]
            result_services.decide_lineage(acting_user=coordinator, process=process, link_id=link.pk, confirm=True)

    def _outcome(self, person: User, registration: Registration, commitment: Any, data: dict[str, Any]) -> None:
        fields = ("kind", "description", "who_changed", "contribution", "observed_on", "privacy")
        outcome = exchange_services.save_outcome(
            acting_user=person,
            registration=registration,
            data={**{name: data[name] for name in fields}, "commitment": commitment},
        )
        self.result.note("outcome", outcome.description[:60])
        asked = data.get("substantiation")
        if not asked:
            return
        verifier = self.users.get(asked.get("user", ""))
        substantiation = exchange_services.request_substantiation(
            acting_user=person,
            outcome=outcome,
            verifier_name=verifier.name if verifier else asked["name"],
            verifier_email=verifier.email if verifier else asked["email"],
            verifier_role=asked.get("role", ""),
        )
        if asked.get("answer"):
            exchange_services.answer_substantiation(
                substantiation=substantiation,
                answer=asked["answer"],
                comment=asked.get("comment", ""),
                now=dt.datetime.combine(data["observed_on"] + dt.timedelta(days=21), dt.time(12), tzinfo=dt.UTC),
            )

    def _delegate(
        self, exchange: Exchange, organiser: User, person: User, rtype: RegistrationType, state: str, goals: str
    ) -> None:
        """A member's registration, taken to ``state`` the way it would happen: they apply (or are
        invited and accept), the organiser decides, the host checks them in, or they cancel."""
        services = exchange_services
        if state == "invited" or not rtype.open_to_applications:
            registration = services.invite_to_exchange(
                acting_user=organiser, exchange=exchange, registration_type=rtype, user=person
            )
            if state != "invited":
                services.respond_to_invitation(
                    acting_user=person, registration=registration, accept=True, learning_goals=goals
                )
        else:
            registration = services.apply_to_exchange(
                acting_user=person, exchange=exchange, registration_type=rtype, learning_goals=goals
            )
        if state in ("accepted", "checked_in", "cancelled") and registration.status != Registration.Status.ACCEPTED:
            services.accept_registration(acting_user=organiser, registration=registration, message="Welcome!")
        elif state == "waitlisted":
            services.waitlist_registration(
                acting_user=organiser,
                registration=registration,
                message="All places are taken for now; you are next in line if one frees.",
            )
        elif state == "declined":
            services.decline_registration(
                acting_user=organiser,
                registration=registration,
                message="We could take only one delegate per organisation this time.",
            )
        if state == "checked_in":
            services.check_in(acting_user=organiser, exchange=exchange, code=registration.check_in_code)
        elif state == "cancelled":
            services.cancel_registration(acting_user=person, registration=registration)
        self.result.note("exchange registration", f"{person.username} at {exchange.title} ({state})")

    # --- co-production -----------------------------------------------------------------------
    def _process(self, data: dict[str, Any]) -> None:
        """One process with its phases, proposals, comments, supports and answers, written through
        the co-production services as its coordinator and residents would: proposals and
        comments while the ideas phase runs, then the coordinator moves the phases on and people
        support. A process that exists is left as it is."""
        if Process.objects.filter(slug=slug_base(data["title"], max_length=220, fallback="")).exists():
            return
        coordinator = self.users[data["coordinator"]]
        services = coproduction_services
        process = services.create_process(
            acting_user=coordinator,
            hub=self.hubs[data["hub"]],
            title=data["title"],
            summary=data["summary"],
            description=data["description"],
            access=data["access"],
            is_published=True,
            supports_per_person=data["supports_per_person"],
            support_threshold=data["support_threshold"],
        )
        self.result.note("process", process.title)
        now = timezone.now()
        ideas_index = next(i for i, phase in enumerate(data["phases"]) if phase.get("stage") == "ideas")
        ideas_end = max(now + dt.timedelta(days=data["phases"][ideas_index]["days"][1]), now + dt.timedelta(hours=1))
        phases: list[Phase] = []
        for index, phase in enumerate(data["phases"]):
            start, end = (now + dt.timedelta(days=day) for day in phase["days"])
            if index == ideas_index:
                end = ideas_end  # running while the proposals are written
            elif index > ideas_index:
                start = max(start, ideas_end)  # opens once the coordinator closes the ideas
            phases.append(
                services.add_phase(
                    acting_user=coordinator, process=process, name=phase["name"], description=phase["description"],
                    starts_at=start, ends_at=end, features=set(phase["features"]),
                )
            )
        proposals: dict[str, Proposal] = {}
        for item in data["proposals"]:
            proposals[item["title"]] = services.create_proposal(
                acting_user=self.users[item["author"]], process=process, title=item["title"], body=item["body"]
            )
        comments: dict[tuple[str, str], Comment] = {}
        for title, author, body, replies in data["comments"]:
            comment = services.add_comment(acting_user=self.users[author], target=proposals[title], body=body)
            comments[(title, author)] = comment
            for reply_author, reply_body in replies:
                services.add_comment(
                    acting_user=self.users[reply_author], target=proposals[title], body=reply_body, parent=comment
                )
        now_index = next((i for i, phase in enumerate(data["phases"]) if phase.get("stage") == "now"), ideas_index)
        if now_index != ideas_index:  # the coordinator closes the ideas phase and opens the next
            moment = timezone.now() - dt.timedelta(minutes=1)
            services.update_phase(acting_user=coordinator, phase=phases[ideas_index], data={"ends_at": moment})
            services.update_phase(acting_user=coordinator, phase=phases[now_index], data={"starts_at": moment})
            process = Process.objects.get(pk=process.pk)  # its phases as they are now
        for item in data["proposals"]:
            proposal = proposals[item["title"]]
            proposal.process = process
            for username in item["supporters"]:
                services.support_proposal(acting_user=self.users[username], proposal=proposal)
            if "answer" in item:
                state, text = item["answer"]
                services.answer_proposal(acting_user=coordinator, proposal=proposal, state=state, text=text)
            if item.get("withdrawn"):
                services.withdraw_proposal(acting_user=self.users[item["author"]], proposal=proposal)
        self.result.note("proposal", f"{len(proposals)} in {process.title}")
        for item in data.get("results", []):
            self._result(process, coordinator, item, proposals, comments)
        if "budget" in data:
            self._budget(process, coordinator, data["budget"], proposals)
        for item in data.get("meetings", []):
            self._meeting(process, coordinator, item)
        for item in data.get("polls", []):
            self._poll(process, coordinator, item)
        for author, title, body, signers in data.get("initiatives", []):
            initiative = initiative_services.start_initiative(
                acting_user=self.users[author], process=process, title=title, body=body
            )
            for username in signers:
                initiative_services.sign(acting_user=self.users[username], initiative=initiative)
            self.result.note("initiative", f"{title} ({len(signers)} signatures)")

    def _meeting(self, process: Process, coordinator: Any, item: dict[str, Any]) -> None:
        """A meeting of the process, written through the meeting services; a past one gets its
        minutes and the number who came, as the coordinator records them afterwards."""
        services = meeting_services
        start = (timezone.now() + dt.timedelta(days=item["days"])).replace(minute=0, second=0, microsecond=0)
        meeting = services.create_meeting(
            acting_user=coordinator, process=process, title=item["title"], description=item["description"],
            starts_at=start, ends_at=start + dt.timedelta(hours=item["hours"]), location=item["location"],
            online_url=item["online_url"], capacity=item["capacity"],
        )
        if item.get("minutes"):
            services.record_minutes(
                acting_user=coordinator, meeting=meeting, minutes=item["minutes"],
                attendee_count=item["attendee_count"],
            )
        self.result.note("meeting", meeting.title)

    def _poll(self, process: Process, coordinator: Any, item: dict[str, Any]) -> None:
        """A poll open from now for two weeks (its own window), the residents' ballots cast
        through the poll services (``ballots``: username -> option numbers, ranked or chosen),
        then closed by the coordinator when ``closed``."""
        now = timezone.now()
        poll = poll_services.create_poll(
            acting_user=coordinator, process=process, question=item["question"], options=item["options"],
            kind=item["kind"], description=item.get("description", ""), max_choices=item.get("max_choices"),
            anonymous=item.get("anonymous", False),
            results_hidden_until_close=item.get("results_hidden_until_close", False),
            opens_at=now - dt.timedelta(minutes=1), closes_at=now + dt.timedelta(days=14),
        )
        options = list(poll.options.order_by("position"))
        for username, numbers in item["ballots"].items():
            marks = {options[n - 1].pk: (rank if item["kind"] == "ranked" else 1) for rank, n in enumerate(numbers, 1)}
            poll_services.cast_ballot(acting_user=self.users[username], poll=poll, marks=marks)
        if item.get("closed"):
            poll_services.close_poll(acting_user=coordinator, poll=poll)
        self.result.note("poll", f"{poll.question} ({len(item['ballots'])} ballots)")

    def _result(
        self, process: Process, coordinator: Any, item: dict[str, Any], proposals: dict[str, Proposal],
        comments: dict[tuple[str, str], Comment],
    ) -> None:
        """A result of the process with the proposals and comments it came from and its dated
        progress updates, written through the results services as the coordinator would."""
        services = result_services
        result = services.create_result(
            acting_user=coordinator, process=process, title=item["title"], description=item["description"],
            status="in_progress",
        )
        for title in item["proposals"]:
            services.link_proposal(acting_user=coordinator, result=result, proposal=proposals[title])
        for key in item["comments"]:
            services.link_comment(acting_user=coordinator, result=result, comment=comments[key])
        today = timezone.localdate()
        for days, progress, status, text in item["updates"]:
            services.add_progress_update(
                acting_user=coordinator, result=result, on=today + dt.timedelta(days=days), progress=progress,
                status=status, text=text,
            )
        self.result.note("result", f"{result.title} ({result.progress}%)")

    def _budget(
        self, process: Process, coordinator: User, data: dict[str, Any], proposals: dict[str, Proposal]
    ) -> None:
        """A participatory budget of ``process`` with its projects (some from proposals) and the
        ballots of young people, cast through the services while budget voting is open; then
        its outcome by both rules, computed and stored (after the load commits) as the results
        page would."""
        budget = budget_services.create_budget(
            acting_user=coordinator, process=process, title=data["title"], description=data["description"],
            total=data["total"], currency=data["currency"], style=data["style"], binding_rule=data["binding_rule"],
        )
        projects = [
            budget_services.add_project(
                acting_user=coordinator, budget=budget, title=title, cost=cost, description=description,
                proposal=proposals[source] if source else None,
            )
            for title, cost, description, source in data["projects"]
        ]
        for usernames, chosen in data["ballots"]:
            for username in usernames:
                budget_services.cast_ballot(
                    acting_user=self.users[username], budget=budget, choices={projects[i].pk: 1 for i in chosen}
                )
        # The outcome is CPU work: computed once the load commits, outside its transaction.
        pk = budget.pk
        transaction.on_commit(lambda: budget_services.compute_outcome(budget=budget_services.budget_by_pk(pk)))
        self.result.note("budget", f"{budget.title} in {process.title}: {len(projects)} projects")
