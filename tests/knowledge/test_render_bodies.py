"""`translocal render_bodies` brings stored HTML up to date without touching what people wrote."""

from io import StringIO

import pytest
from django.core.management import call_command

from tests.factories import CaseFactory, MethodFactory, ReflectionFactory
from translocal.knowledge.models import BodyFormat
from translocal.knowledge.services.rendering import rerender_bodies

pytestmark = pytest.mark.django_db


def test_bodies_rendered_by_the_old_renderer_are_rendered_again():
    reflection = ReflectionFactory(body="Steps we took:\n- a\n- b", body_html="<p>Steps we took:\n- a\n- b</p>")
    method = MethodFactory(body="See https://example.org/report", body_html="<p>See https://example.org/report</p>")
    imported = CaseFactory(body="<p onclick='x()'>Kept</p>", body_format=BodyFormat.HTML, body_html="<p>Kept</p>")
    out = StringIO()
    call_command("render_bodies", stdout=out)
    reflection.refresh_from_db()
    method.refresh_from_db()
    assert reflection.body_html == "<p>Steps we took:</p>\n<ul>\n<li>a</li>\n<li>b</li>\n</ul>"
    assert reflection.body == "Steps we took:\n- a\n- b"
    assert 'href="https://example.org/report"' in method.body_html
    assert "Re-rendered 2 bodies" in out.getvalue()
    imported.refresh_from_db()
    assert imported.body_html == "<p>Kept</p>"


def test_a_second_run_changes_nothing():
    ReflectionFactory(body="*x*", body_html="<p>x</p>")
    assert rerender_bodies() == 1
    assert rerender_bodies() == 0
