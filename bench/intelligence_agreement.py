"""Agreement@10 of "similar cases" on the real Participedia data: keyword-only, semantic-only
and hybrid (translocal.intelligence).

The labelled set: Participedia cases that have a text (case-texts-2016.json: title and body,
HTML turned to text, cut at ``--chars``) and general issues (cases-2018-structured.json),
spellings resolved through the project's vocabulary. For every such case, each method ranks the
other cases; agreement@10 is the share of its top 10 that share at least one general issue
with it, averaged over the cases. Nothing is tuned on this set.

- keyword-only: BM25 (k1 1.2, b 0.75) over folded words of three letters or more, the case's
  own text as the query (a "more like this" search);
- semantic-only: cosine of multilingual-e5-small passage vectors (the ``e5`` embedder the app
  uses; the lexical fallback is reported too, as "hashed n-grams");
- hybrid: reciprocal rank fusion (k = 60) of the keyword and semantic rankings, as the search does.

Chance level (a random top 10) is printed for reference.

    .venv/bin/python bench/intelligence_agreement.py                 # e5 + fallback, 1,000 characters
    .venv/bin/python bench/intelligence_agreement.py --chars 2000
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import re
import sys
import time
import unicodedata
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from translocal.core.markup import html_to_text  # noqa: E402
from translocal.intelligence import embedders  # noqa: E402
from translocal.taxonomy.selectors import normalise_key  # noqa: E402

SHARED = Path(os.environ.get("TRANSLOCAL_SHARED_DATA") or ROOT.parent / "shared" / "data")
VOCABULARIES = ROOT / "src" / "translocal" / "taxonomy" / "data" / "vocabularies.json"
TOP = 10
RRF_K = 60
_WORD = re.compile(r"\w+", re.UNICODE)
_STOP = set(
    "the and for with that this from are was were have has had not but its their they them which who "
    "what when where how also into than then there these those been being over more most such other "
    "some any each can could would should will may might our out all one two about after before "
    "between during per very via".split()
)


def labelled_cases(chars: int) -> list[tuple[str, str, set[str]]]:
    terms = json.loads(VOCABULARIES.read_text())["vocabularies"]["general_issue"]
    spellings = {normalise_key(k): t["slug"] for t in terms for k in (t["slug"], *t.get("aliases", []))}
    structured = json.loads((SHARED / "participedia" / "cases-2018-structured.json").read_text())
    texts = json.loads((SHARED / "participedia" / "case-texts-2016.json").read_text())
    cases = []
    for record in structured:
        case_id = str(record["id"])
        if case_id not in texts:
            continue
        issues = record.get("issues") or []
        if isinstance(issues, str):
            issues = ast.literal_eval(issues)
        slugs = {spellings[normalise_key(i)] for i in issues if normalise_key(i) in spellings}
        text = texts[case_id]
        body = f"{text.get('title', '')}\n\n{html_to_text(text.get('htmlbody') or '')}".strip()
        if slugs and len(body) > 100:
            cases.append((case_id, body[:chars], slugs))
    return cases


def words(text: str) -> list[str]:
    folded = "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))
    return [w for w in _WORD.findall(folded) if len(w) >= 3 and w not in _STOP and not w.isdigit()]


def bm25_scores(texts: list[str]) -> np.ndarray:
    """(n, n) BM25 scores, row i = case i's text as the query against every case."""
    docs = [Counter(words(t)) for t in texts]
    lengths = np.array([sum(d.values()) for d in docs], dtype=float)
    average = lengths.mean()
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    idf = {w: math.log(1 + (n - f + 0.5) / (f + 0.5)) for w, f in df.items()}
    vocabulary = {w: i for i, w in enumerate(df)}
    weights = np.zeros((n, len(vocabulary)), dtype=np.float32)  # document side, BM25-saturated
    for j, doc in enumerate(docs):
        norm = 1.2 * (1 - 0.75 + 0.75 * lengths[j] / average)
        for w, tf in doc.items():
            weights[j, vocabulary[w]] = idf[w] * tf * 2.2 / (tf + norm)
    query = np.zeros_like(weights)  # query side: each distinct word once
    for i, doc in enumerate(docs):
        for w in doc:
            query[i, vocabulary[w]] = 1.0
    return query @ weights.T


def rankings(scores: np.ndarray) -> np.ndarray:
    """Row i: the other cases, best first (the case itself excluded)."""
    scores = scores.astype(float).copy()
    np.fill_diagonal(scores, -np.inf)
    return np.argsort(-scores, axis=1, kind="stable")[:, :-1]


def fuse(first: np.ndarray, second: np.ndarray, depth: int = 100) -> np.ndarray:
    fused = []
    for a, b in zip(first, second, strict=True):
        score: dict[int, float] = {}
        for ranking in (a[:depth], b[:depth]):
            for rank, j in enumerate(ranking):
                score[int(j)] = score.get(int(j), 0.0) + 1.0 / (RRF_K + rank + 1)
        fused.append(sorted(score, key=lambda j: -score[j])[:TOP])
    return np.array(fused)


def agreement(ranked: np.ndarray, issues: list[set[str]]) -> float:
    hits = [sum(1 for j in row[:TOP] if issues[i] & issues[j]) / TOP for i, row in enumerate(ranked)]
    return float(np.mean(hits))


def chance(issues: list[set[str]]) -> float:
    n = len(issues)
    return float(np.mean([sum(1 for j in range(n) if j != i and issues[i] & issues[j]) / (n - 1) for i in range(n)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--chars", type=int, default=1000, help="characters of each case text (default 1,000)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--no-e5", action="store_true", help="skip the model (the fallback only)")
    args = parser.parse_args()
    cases = labelled_cases(args.chars)
    texts = [c[1] for c in cases]
    issues = [c[2] for c in cases]
    print(f"{len(cases)} Participedia cases with a text and general issues; texts cut at {args.chars} characters")
    keyword = rankings(bm25_scores(texts))
    rows = [("chance (random top 10)", chance(issues)), ("keyword-only (BM25)", agreement(keyword, issues))]
    builders = [("hashed n-grams (fallback)", embedders.HashingEmbedder)]
    if embedders.e5_available() and not args.no_e5:
        builders.insert(0, ("multilingual-e5-small", lambda: embedders.E5Embedder(threads=args.threads)))
    for name, build in builders:
        started = time.perf_counter()
        vectors = build().passages(texts)
        seconds = time.perf_counter() - started
        semantic = rankings(vectors @ vectors.T)
        rows.append((f"{name}: semantic-only", agreement(semantic, issues)))
        rows.append((f"{name}: hybrid (RRF of keyword and semantic)", agreement(fuse(keyword, semantic), issues)))
        print(f"{name}: embedded {len(texts)} texts in {seconds:.1f} s ({len(texts) / seconds:.1f}/s)")
    print("\n| ranking | agreement@10 |\n|---|---|")
    for name, value in rows:
        print(f"| {name} | {value:.3f} |")


if __name__ == "__main__":
    main()
