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


class CountingEmbedder(HashingEmbedder):
    """The lexical embedder (what runs where e5 is not installed), counting what it embeds."""

    def __init__(self):
        self.embedded = 0

    def passages(self, texts):
        self.embedded += len(texts)
        return super().passages(texts)


def test_reference_vectors_are_kept_and_read_back_not_embedded_again(sdg_terms, settings, tmp_path):
    settings.SDG_REFERENCE_CACHE = str(tmp_path)
    catalogue = catalogue_from_terms()
    first_embedder = CountingEmbedder()
    first = Suggester(catalogue, first_embedder)
    references = 17 + len(catalogue.targets)
    assert first_embedder.embedded == references == 186
    [kept] = tmp_path.glob("references-*.npy")

    # A new process (or the next `translocal sdg suggest` run): the file, not the embedder.
    second_embedder = CountingEmbedder()
    second = Suggester(catalogue, second_embedder)
    assert second_embedder.embedded == 0
    assert (second.goal_matrix == first.goal_matrix).all() and (second.target_matrix == first.target_matrix).all()
    text = "A community energy cooperative puts solar panels on the school roof."
    assert second.suggest([text])[0].as_dict() == first.suggest([text])[0].as_dict()
    assert second_embedder.embedded == 1  # only the text itself

    # Other reference texts are other vectors: computed and kept beside the first file.
    changed = type(catalogue)(goals={**catalogue.goals, 7: "Energy for all"}, targets=catalogue.targets)
    third_embedder = CountingEmbedder()
    Suggester(changed, third_embedder)
    assert third_embedder.embedded == references
    assert len(list(tmp_path.glob("references-*.npy"))) == 2

    # A damaged file is computed again (and replaced), not trusted.
    kept.write_bytes(b"not a numpy file")
    fourth_embedder = CountingEmbedder()
    assert (Suggester(catalogue, fourth_embedder).goal_matrix == first.goal_matrix).all()
    assert fourth_embedder.embedded == references


def test_reference_vectors_are_not_kept_when_the_setting_is_empty(sdg_terms, settings, tmp_path):
    settings.SDG_REFERENCE_CACHE = ""
    embedder = CountingEmbedder()
    Suggester(catalogue_from_terms(), embedder)
    Suggester(catalogue_from_terms(), embedder)
    assert embedder.embedded == 2 * 186
