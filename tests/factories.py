"""factory_boy factories for every model. Factories create rows directly: they set up test
state, the code under test goes through services."""

import datetime as dt

import factory
from django.utils import timezone
from django.utils.text import slugify

from translocal.accounts.models import User
from translocal.coproduction.models import Phase, Process, Proposal
from translocal.knowledge.models import Authorship, Case, Method, Reflection, Series, Status
from translocal.places.models import Hub, HubMembership, Organisation, Place
from translocal.taxonomy.models import Term, Vocabulary


class TermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Term
        django_get_or_create = ("vocabulary", "slug")

    vocabulary = Vocabulary.GENERAL_ISSUE
    label = factory.Sequence(lambda n: f"Term {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.label))


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"Town {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    country = "GB"
    latitude = 53.48
    longitude = -2.24
    population = 100_000


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    place = factory.SubFactory(PlaceFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    display_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class HubFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    place = factory.SubFactory(PlaceFactory)


class HubMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HubMembership

    hub = factory.SubFactory(HubFactory)
    user = factory.SubFactory(UserFactory)
    role = HubMembership.Role.MEMBER


class _EntryFactory(factory.django.DjangoModelFactory):
    title = factory.Sequence(lambda n: f"Entry {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "A short summary."
    body = "Some *markdown* body."
    body_html = "<p>Some <em>markdown</em> body.</p>"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)
    # An entry in the "unpublished" state was taken down by a moderator, with a record.
    moderated_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == Status.UNPUBLISHED else None)
    moderation_reason = factory.LazyAttribute(
        lambda o: "Taken down in a test." if o.status == Status.UNPUBLISHED else ""
    )


class MethodFactory(_EntryFactory):
    class Meta:
        model = Method

    title = factory.Sequence(lambda n: f"Method {n}")


class CaseFactory(_EntryFactory):
    class Meta:
        model = Case

    title = factory.Sequence(lambda n: f"Case {n}")
    place = factory.SubFactory(PlaceFactory)


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series

    title = factory.Sequence(lambda n: f"Series {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))


class ReflectionFactory(_EntryFactory):
    class Meta:
        model = Reflection

    title = factory.Sequence(lambda n: f"Reflection {n}")


class AuthorshipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authorship

    reflection = factory.SubFactory(ReflectionFactory)
    user = factory.SubFactory(UserFactory)
    status = Authorship.Status.ACCEPTED  # test state: an author who agreed (consent is tested apart)


class ProcessFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Process

    hub = factory.SubFactory(HubFactory)
    title = factory.Sequence(lambda n: f"Process {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Residents and the hub decide together."
    is_published = True


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase

    process = factory.SubFactory(ProcessFactory)
    position = factory.Sequence(lambda n: n + 1)
    name = factory.Sequence(lambda n: f"Phase {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(days=30))


class ProposalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Proposal

    process = factory.SubFactory(ProcessFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Proposal {n}")
    body = "Plant trees along the canal and put benches in the shade."
