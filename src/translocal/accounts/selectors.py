"""Reads for people pages, shaped so a page costs a fixed number of queries."""

from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, prefetch_related_objects
from django.shortcuts import get_object_or_404

from translocal.core.pagination import Page, keyset_page
from translocal.places.selectors import with_listed_organisation
from translocal.taxonomy.models import Term, Vocabulary

from .models import User

PAGE_SIZE: int = getattr(settings, "PAGE_SIZE", 24)


def _terms(name: str) -> Prefetch:
    return Prefetch(name, queryset=Term.objects.order_by("position", "label"))


def people() -> QuerySet[User]:
    """Active people with their place and, as ``listed_organisation``, their organisation when
    it is published (an unpublished one is not named on cards or profiles)."""
    return with_listed_organisation(User.objects.filter(is_active=True).select_related("place")).prefetch_related(
        _terms("roles")
    )


def people_with_expertise(*, terms: Iterable[Term], limit: int = 6) -> list[User]:
    """Active people whose expertise includes one of ``terms`` (themes, general issues), most
    matching terms first, with their place and expertise (two queries)."""
    ids = [term.pk for term in terms]
    return list(
        User.objects.filter(is_active=True, expertise__in=ids)
        .annotate(matching=Count("expertise", filter=Q(expertise__in=ids)))
        .select_related("place")
        .prefetch_related(_terms("expertise"))
        .order_by("-matching", "display_name", "id")[:limit]
    )


def people_page(*, cursor: str | None, role: str | None = None, size: int = PAGE_SIZE) -> Page:
    qs = people()
    if role:
        qs = qs.filter(roles__vocabulary=Vocabulary.ROLE, roles__slug=role)
    return keyset_page(qs, ordering=("display_name", "id"), cursor=cursor, size=size)


def profile_by_username(*, username: str) -> User:
    """The person of a profile page with their place and listed organisation (one query);
    ``with_profile_terms`` adds what the "About" block lists."""
    return get_object_or_404(
        with_listed_organisation(User.objects.filter(is_active=True).select_related("place")), username=username
    )


def with_profile_terms(person: User) -> User:
    """Prefetch the person's roles, expertise and languages (three queries)."""
    prefetch_related_objects([person], _terms("roles"), _terms("expertise"), _terms("languages"))
    return person


def role_terms() -> list[Term]:
    return list(Term.objects.filter(vocabulary=Vocabulary.ROLE).order_by("position", "label"))
