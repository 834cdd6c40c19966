"""A reflection page whose header is read by a prepared query and whose body in plain SQL
(knowledge.selectors.reflection_page) is the page the ORM's reads gave (the header queryset,
then ``reflection_detail_queryset`` with its prefetches), byte for byte: for reflections in
every shape (links to drafts among them, translated titles, places, themes and SDGs, guest and
member authors, a series, a public and a private exchange, a lead image, a draft), in English,
Spanish and Swedish, for each kind of reader."""


import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.exchanges.factories import ExchangeFactory
from tests.factories import (
    AuthorshipFactory,
    CaseFactory,
    HubFactory,
    MethodFactory,
    PlaceFactory,
    ReflectionFactory,
    SeriesFactory,
    TermFactory,
    UserFactory,
)
from tests.knowledge.fresh_pages import fresh_page
from translocal.core.models import Image
from translocal.knowledge import selectors
from translocal.knowledge.models import CaseTranslation, MethodTranslation, Reflection, ReflectionTranslation, Status
from translocal.knowledge.selectors import reflection_page
from translocal.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

LANGUAGES = ["en", "ca", "es", "sv"]


def _orm_body(pk):
    return selectors.reflection_detail_queryset().get(pk=pk)


def _orm_header(slug, language):
    queryset = selectors.with_translation(selectors.reflection_header_queryset(), language)
    return next(iter(queryset.filter(slug=slug)), None)


def _translation(model, entry, language, title):
    return model.objects.create(
        entry=entry, language=language, title=title, summary="", body="", body_html="",
        source_version=1, source_hash="0" * 64,
    )


def _shapes():
    """{name: reflection}, {reader name: user or None}."""
    author, other = UserFactory(), UserFactory()
    hub = HubFactory()
    series = SeriesFactory(title="Trans-local learning")
    themes = [TermFactory(vocabulary=Vocabulary.THEME, label=f"Theme {i} <b>", position=3 - i) for i in range(3)]
    themes[1].labels = {"es": "Tema <uno>"}
    themes[1].save()
    sdgs = [TermFactory(vocabulary=Vocabulary.SDG, label=f"Goal {i}", slug=str(i), position=i) for i in (11, 3)]
    full = ReflectionFactory(
        title="What Barcelona taught us", created_by=author, hub=hub, series=series, series_position=2,
        exchange=ExchangeFactory(title="Barcelona study visit"), body_html="<p>Body &amp; text</p>",
    )
    ReflectionFactory(title="First post", series=series, series_position=1)
    ReflectionFactory(title="Third post", series=series, series_position=3)
    AuthorshipFactory(reflection=full, user=author, position=0)
    AuthorshipFactory(reflection=full, user=None, guest_name="A <guest>", guest_affiliation="Uni", position=1)
    zeta, alpha = CaseFactory(title="Zeta case"), CaseFactory(title="Alpha case")
    _translation(CaseTranslation, zeta, "es", "Caso zeta")
    full.cases.set([zeta, alpha, CaseFactory(title="Draft case", status=Status.DRAFT, published_at=None)])
    method = MethodFactory(title="Citizens' assembly")
    _translation(MethodTranslation, method, "sv", "Medborgarråd")
    full.methods.set([method, MethodFactory(title="Draft method", status=Status.DRAFT, published_at=None)])
    full.places.set([PlaceFactory(name="Manchester"), PlaceFactory(name="Barcelona"), PlaceFactory(name="Åre")])
    full.themes.set(themes)
    full.sdgs.set(sdgs)
    _translation(ReflectionTranslation, full, "es", "Lo que Barcelona nos enseñó")
    image = Image.objects.create(
        name="c" * 64, thumb_name="d" * 64, format="jpeg", width=800, height=600, thumb_width=400, thumb_height=300,
        size_bytes=1, alt_text="A <square>", owner_kind="knowledge.reflection", owner_id=full.pk,
    )
    Reflection.objects.filter(pk=full.pk).update(lead_image=image)
    private = ReflectionFactory(
        title="On a private visit", exchange=ExchangeFactory(title="Closed visit", visibility="hub_members"),
    )
    private.places.set([PlaceFactory(name="Gothenburg")])
    bare = ReflectionFactory(title="Bare", body_html="", created_by=author)
    draft = ReflectionFactory(title="Draft post", status=Status.DRAFT, published_at=None, created_by=author)
    AuthorshipFactory(reflection=draft, user=author)
    draft.cases.set([alpha])
    readers = {"anonymous": None, "author": author, "other": other}
    return {"full": full, "private exchange": private, "bare": bare, "draft": draft}, readers


def test_a_reflection_page_is_the_orm_page_byte_for_byte(client, monkeypatch):
    reflections, readers = _shapes()
    compared = shown = 0
    for name, reflection in reflections.items():
        queries = ("", "?lang=orig") if name == "full" else ("",)
        for reader in readers.values():
            client.logout()
            if reader is not None:
                client.force_login(reader)
            for language in LANGUAGES:
                for query in queries:
                    url = reflection.get_absolute_url() + query
                    monkeypatch.undo()
                    with CaptureQueriesContext(connection) as fast_queries:
                        fast = fresh_page(client, url, language)
                    monkeypatch.setattr(selectors, "reflection_for_header", _orm_header)
                    monkeypatch.setattr(selectors, "reflection_for_body", _orm_body)
                    monkeypatch.setattr(selectors, "fill_reflection_page", lambda full, authors_from=None: None)
                    with CaptureQueriesContext(connection) as orm_queries:
                        orm = fresh_page(client, url, language)
                    assert fast == orm, (name, url, language, reader)
                    if fast[0] == 200:
                        shown += 1
                        assert len(fast_queries) < len(orm_queries)  # each read really ran
                    compared += 1
    monkeypatch.undo()
    assert compared == len(readers) * len(LANGUAGES) * (2 + 1 + 1 + 1)
    assert shown > compared / 2


def test_the_body_shows_what_it_should_and_nothing_private(client):
    reflections, _readers = _shapes()
    status, html = fresh_page(client, reflections["full"].get_absolute_url(), "es")
    assert status == 200
    for shown in (
        "Lo que Barcelona nos enseñó", "Caso zeta", "Alpha case", "Citizens&#x27; assembly", "Manchester", "Åre",
        "Tema &lt;uno&gt;", "Barcelona study visit", "A &lt;guest&gt;", 'alt="A &lt;square&gt;"',
    ):
        assert shown in html, shown
    for hidden in ("Draft case", "Draft method"):
        assert hidden not in html, hidden
    assert html.index("Alpha case") < html.index("Caso zeta")  # by the original title, as the ORM ordered
    assert html.index("Barcelona</a>") < html.index("Manchester")
    status, html = fresh_page(client, reflections["private exchange"].get_absolute_url(), "en")
    assert status == 200 and "Closed visit" not in html and "Gothenburg" in html
    assert fresh_page(client, reflections["draft"].get_absolute_url(), "en")[0] == 404
    assert fresh_page(client, "/reflections/no-such-reflection/", "en")[0] == 404


def test_the_relations_are_the_prefetches_and_cost_two_statements():
    reflections, _readers = _shapes()
    header = selectors.reflection_header_queryset().get(pk=reflections["full"].pk)
    full = selectors.reflection_for_body(header.pk)
    with CaptureQueriesContext(connection) as queries:
        selectors.fill_reflection_page(full, authors_from=header)
        read = {name: list(getattr(full, name).all()) for name in ("cases", "methods", "places", "themes", "sdgs")}
        authors = list(full.authorships.all())
    assert len(queries) == 2
    orm = _orm_body(header.pk)
    for name, items in read.items():
        assert [i.pk for i in items] == [i.pk for i in getattr(orm, name).all()], name
    assert [(a.pk, a.user_id) for a in authors] == [(a.pk, a.user_id) for a in orm.authorships.all()]
    assert [t.label for t in read["themes"]] == ["Theme 2 <b>", "Theme 1 <b>", "Theme 0 <b>"]
    with CaptureQueriesContext(connection) as queries:
        selectors.fill_reflection_page(selectors.reflection_for_body(header.pk))  # the authors are read too
    assert len(queries) == 1 + 3
    with pytest.raises(Reflection.DoesNotExist):
        reflection_page.reflection_for_body(10**9)
