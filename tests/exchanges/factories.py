"""Factories of the exchanges app (rows created directly: test set-up; code under test goes
through the services)."""

import datetime as dt

import factory
from django.db import models
from django.utils import timezone
from django.utils.text import slugify

from tests.factories import HubFactory, PlaceFactory, UserFactory
from translocal.exchanges.models import (
    Commitment,
    Exchange,
    Lesson,
    Outcome,
    Privacy,
    Registration,
    RegistrationType,
    Session,
    Speaker,
    Strand,
)


class ExchangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exchange

    title = factory.Sequence(lambda n: f"Exchange {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = Exchange.Kind.STUDY_VISIT
    summary = "Peer learning between cities."
    hub = factory.SubFactory(HubFactory)
    place = factory.LazyAttribute(lambda o: o.hub.place if o.hub else PlaceFactory())
    starts_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + dt.timedelta(days=2))
    time_zone = "Europe/Madrid"
    visibility = Exchange.Visibility.PUBLIC
    status = Exchange.Status.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)
    created_by = factory.SubFactory(UserFactory)


class StrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Strand

    exchange = factory.SubFactory(ExchangeFactory)
    title = factory.Sequence(lambda n: f"Strand {n}")


class SpeakerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Speaker

    exchange = factory.SubFactory(ExchangeFactory)
    name = factory.Sequence(lambda n: f"Speaker {n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    exchange = factory.SubFactory(ExchangeFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: dt.datetime.combine(o.exchange.starts_on, dt.time(9, 0), tzinfo=dt.UTC))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=1))


class RegistrationTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RegistrationType

    exchange = factory.SubFactory(ExchangeFactory)
    name = factory.Sequence(lambda n: f"Delegate {n}")
    capacity = 10


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration
        skip_postgeneration_save = True

    registration_type = factory.SubFactory(RegistrationTypeFactory)
    exchange = factory.LazyAttribute(lambda o: o.registration_type.exchange)
    user = factory.SubFactory(UserFactory)
    status = Registration.Status.APPLIED
    learning_goals = "How residents propose and decide."
    waitlisted_at = factory.LazyAttribute(lambda o: timezone.now() if o.status == "waitlisted" else None)

    @factory.post_generation
    def _count_place(obj, create, extracted, **kwargs):  # noqa: N805
        """An accepted registration holds a place: the type's counter follows, as the services keep it."""
        if create and obj.status == Registration.Status.ACCEPTED:
            RegistrationType.objects.filter(pk=obj.registration_type_id).update(
                accepted_count=models.F("accepted_count") + 1
            )
            obj.registration_type.refresh_from_db(fields=["accepted_count"])


class AcceptedRegistrationFactory(RegistrationFactory):
    """A delegate accepted to an exchange that ended (their journey can be kept)."""

    registration_type = factory.SubFactory(
        RegistrationTypeFactory,
        exchange=factory.SubFactory(
            ExchangeFactory,
            starts_on=factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=40)),
        ),
    )
    status = Registration.Status.ACCEPTED


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Lesson

    registration = factory.SubFactory(AcceptedRegistrationFactory)
    exchange = factory.LazyAttribute(lambda o: o.registration.exchange)
    title = factory.Sequence(lambda n: f"Lesson {n}")
    privacy = Privacy.PUBLIC


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    registration = factory.SubFactory(AcceptedRegistrationFactory)
    exchange = factory.LazyAttribute(lambda o: o.registration.exchange)
    title = factory.Sequence(lambda n: f"Commitment {n}")
    due_on = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=90))
    privacy = Privacy.PUBLIC


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    registration = factory.SubFactory(AcceptedRegistrationFactory)
    exchange = factory.LazyAttribute(lambda o: o.registration.exchange)
    kind = Outcome.Kind.PRACTICE
    description = factory.Sequence(lambda n: f"Change {n}")
    who_changed = "The council's engagement team"
    contribution = "They saw it done in Barcelona."
    privacy = Privacy.PUBLIC
