import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(monkeypatch, lines):
    monkeypatch.setattr("sys.stdin", io.StringIO("".join(json.dumps(line) + "\n" for line in lines)))
    out = io.StringIO()
    call_command("sdg", "suggest", "--jsonl", "--embedder", "hashing", stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_suggest_jsonl_writes_one_object_per_line_in_the_documented_shape(sdg_terms, monkeypatch):
    rows = run(
        monkeypatch,
        [
            {"id": 1, "text": "A community energy cooperative installs solar panels for renewable electricity."},
            {"id": "b", "text": "The meeting started at nine."},
        ],
    )
    assert [row["id"] for row in rows] == [1, "b"]
    for row in rows:
        assert set(row) == {"id", "goals", "targets"}
        for goal in row["goals"]:
            assert set(goal) == {"goal", "score", "suggested"}
            assert isinstance(goal["goal"], int) and 1 <= goal["goal"] <= 17
            assert isinstance(goal["score"], float) and 0 <= goal["score"] <= 1
            assert isinstance(goal["suggested"], bool)
        for target in row["targets"]:
            assert set(target) == {"target", "score", "suggested"}
            assert isinstance(target["target"], str) and target["target"].split(".")[0].isdigit()
            assert 0 <= target["score"] <= 1 and isinstance(target["suggested"], bool)
        scores = [g["score"] for g in row["goals"]]
        assert scores == sorted(scores, reverse=True)
    assert rows[0]["goals"][0] == {"goal": 7, "score": rows[0]["goals"][0]["score"], "suggested": True}
    assert not any(g["suggested"] for g in rows[1]["goals"])


def test_suggest_refuses_a_line_without_text(sdg_terms, monkeypatch):
    with pytest.raises(CommandError, match="line 1"):
        run(monkeypatch, [{"id": 1}])


def test_suggest_uses_the_batch_embedder_by_default(sdg_terms, monkeypatch, settings):
    """Bulk tagging takes SDG_BATCH_EMBEDDER (the lexical one unless set: 1,000 paragraphs well
    under a minute), whatever INTELLIGENCE_EMBEDDER the pages use; --embedder overrides it."""
    from django.conf import settings as live

    from translocal.intelligence import services as intelligence_services
    from translocal.intelligence.embedders import HashingEmbedder

    asked = []

    def fake_get_embedder():
        asked.append(live.INTELLIGENCE_EMBEDDER)
        return HashingEmbedder()

    monkeypatch.setattr(intelligence_services, "get_embedder", fake_get_embedder)
    settings.INTELLIGENCE_EMBEDDER = "auto"
    assert live.SDG_BATCH_EMBEDDER == "hashing"
    for options in ([], ["--embedder", "e5"]):
        monkeypatch.setattr("sys.stdin", io.StringIO(json.dumps({"id": 1, "text": "Solar panels."}) + "\n"))
        out = io.StringIO()
        call_command("sdg", "suggest", "--jsonl", *options, stdout=out)
        assert json.loads(out.getvalue())["id"] == 1
    settings.SDG_BATCH_EMBEDDER = "e5"
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    call_command("sdg", "suggest", "--jsonl", stdout=io.StringIO())
    assert asked == ["hashing", "e5", "e5"]
