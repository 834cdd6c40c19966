import pytest

from translocal.intelligence.embedders import HashingEmbedder
from translocal.sdg.suggester import Calibration, Suggester, catalogue_from_terms, goal_cues

pytestmark = pytest.mark.django_db


@pytest.fixture
def suggester(sdg_terms):
    return Suggester(catalogue_from_terms(), HashingEmbedder())


def suggested_goals(result):
    return [g.goal for g in result.goals if g.suggested]


def test_energy_text_suggests_goal_7_and_its_renewable_target(suggester):
    [result] = suggester.suggest(
        ["Residents of the estate co-own rooftop solar panels: a community energy cooperative for renewable "
         "electricity that lowers energy bills."]
    )
    assert suggested_goals(result)[0] == 7
    assert "7.2" in [t.target for t in result.targets if t.suggested]
    assert all(0.0 <= g.score <= 1.0 for g in result.goals)


def test_a_text_may_touch_several_goals_or_none(suggester):
    housing, nothing = suggester.suggest(
        [
            "Tenants and the council co-designed affordable housing and a new public transport line for the "
            "neighbourhood, with a climate plan to cut carbon emissions.",
            "The meeting started at nine.",
        ]
    )
    assert {11, 13} <= set(suggested_goals(housing))
    assert suggested_goals(nothing) == []


def test_cues_are_read_in_spanish_catalan_and_swedish():
    assert 11 in goal_cues("presupuesto de vivienda del barrio")
    assert 4 in goal_cues("l'escola i l'educacio")
    assert 13 in goal_cues("kommunens klimat och utslapp")


def test_at_most_max_goals_are_suggested(sdg_terms):
    suggester = Suggester(
        catalogue_from_terms(), HashingEmbedder(), Calibration(weights=(5.0, 0, 0, 0), threshold=0.5, max_goals=2)
    )
    [result] = suggester.suggest(["anything"])
    assert len(suggested_goals(result)) == 2
