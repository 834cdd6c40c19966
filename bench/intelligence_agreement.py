"""Agreement@10 on the real Participedia data: keyword-only, semantic-only and hybrid, for
"similar cases" (a case's text as the query) and for search (a case's title as the query).

The labelled set: Participedia cases that have a text (case-texts-2016.json: title and body,
HTML turned to text, cut at ``--chars``) and general issues (cases-2018-structured.json),
spellings resolved through the project's vocabulary. For every such case, each method ranks the
other cases; agreement@10 is the share of its top 10 that share at least one general issue
with it, averaged over the cases (a top 10 with fewer than 10 results counts the missing ones
as not agreeing). Nothing is tuned on this set.

Similar cases (the case's text is the query, "more like this"):

- keyword-only: BM25 (k1 1.2, b 0.75) over folded words of three letters or more;
- semantic-only: cosine of passage vectors (multilingual-e5-small, the ``e5`` embedder the app
  uses; the lexical fallback is reported too, as "hashed n-grams");
- hybrid, RRF: reciprocal rank fusion (k = 60) of the two rankings;
- hybrid, search's rule: ``translocal.search.selectors.fuse`` (the full-text order kept, what
  only meaning found inserted where RRF puts it). A text shares words with nearly every other
  case, so nearly every case is a full-text match here and the rule leaves the keyword order
  as it is (the script prints how many pairs share no word).

Search (the case's title is the query; the case itself is left out of the collection):

- keyword-only: the other cases holding every title word (the search's AND), or, when none
  does, any of them (its OR fallback), by BM25 (folded words, no stemming: an approximation of
  the FTS5 / PostgreSQL ranking);
- semantic-only: the nearest passages to the title's query vector, the search's semantic
  candidates (at most 20, above the embedder's floor and within its margin of the best);
- hybrid: the search's own fusion (``hybrid_order``: ``fuse`` when every word matched, RRF on
  the any-word fallback) of the first 100 keyword matches and those
  candidates.

Chance level (a random top 10) is printed for reference. ``--cache DIR`` keeps the passage
vectors (one .npy file per model, text length and set of texts), so a slow model's run is paid
once.

    .venv/bin/python bench/intelligence_agreement.py                 # e5 + fallback, 1,000 characters
    .venv/bin/python bench/intelligence_agreement.py --no-e5         # the fallback only (seconds)
    .venv/bin/python bench/intelligence_agreement.py --cache var/cache/agreement
"""

from __future__ import annotations

import argparse
import ast
import hashlib
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
from translocal.search.selectors import FUSION_WINDOW, SEMANTIC_CANDIDATES, fuse, hybrid_order  # noqa: E402
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


def fuse_rrf(first: np.ndarray, second: np.ndarray, depth: int = 100) -> np.ndarray:
    fused = []
    for a, b in zip(first, second, strict=True):
        score: dict[int, float] = {}
        for ranking in (a[:depth], b[:depth]):
            for rank, j in enumerate(ranking):
                score[int(j)] = score.get(int(j), 0.0) + 1.0 / (RRF_K + rank + 1)
        fused.append(sorted(score, key=lambda j: -score[j])[:TOP])
    return np.array(fused)


def fuse_search_rule(first: np.ndarray, second: np.ndarray, matches: np.ndarray, depth: int = 100) -> list[list[int]]:
    """The search's rule on "more like this": the full-text matches (``matches[i, j]``: case j
    shares a word with case i) keep the keyword order; the others are inserted by meaning."""
    fused = []
    for i, (a, b) in enumerate(zip(first, second, strict=True)):
        text = [int(j) for j in a[:depth] if matches[i, j]]
        window = set(text)
        # A full-text match beyond the window keeps its keyword rank, as in the search.
        meaning = [int(j) for j in b[:depth] if int(j) in window or not matches[i, j]]
        fused.append(fuse(text, meaning)[:TOP])
    return fused


def search_rankings(
    texts: list[str],
    titles: list[str],
    embedder,  # noqa: ANN001
    passages: np.ndarray,
) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
    """For each case's title as a query, without the case itself: the keyword results (AND, else
    OR, by BM25), the semantic candidates, and the search's fusion of the two."""
    docs = [Counter(words(t)) for t in texts]
    lengths = np.array([sum(d.values()) for d in docs], dtype=float)
    average = lengths.mean()
    df = Counter(w for d in docs for w in d)
    n = len(docs)
    keyword, semantic, hybrid = [], [], []
    for i, title in enumerate(titles):
        terms = list(dict.fromkeys(words(title)))
        others = [j for j in range(n) if j != i]
        found = [j for j in others if terms and all(w in docs[j] for w in terms)]
        every_word = bool(found)
        if not found:
            found = [j for j in others if any(w in docs[j] for w in terms)]

        def bm25(j: int, terms: list[str] = terms) -> float:
            norm = 1.2 * (1 - 0.75 + 0.75 * lengths[j] / average)
            total = 0.0
            for w in terms:
                if tf := docs[j].get(w, 0):
                    total += math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5)) * tf * 2.2 / (tf + norm)
            return total

        words_ranked = sorted(found, key=lambda j: (-bm25(j), j))
        cosines = passages @ embedder.query(title)
        cosines[i] = -np.inf
        nearest = [int(j) for j in np.argsort(-cosines, kind="stable")[:SEMANTIC_CANDIDATES]]
        nearest = [j for j in nearest if cosines[j] >= embedder.min_similarity]
        if nearest:
            floor = cosines[nearest[0]] - embedder.relative_margin
            nearest = [j for j in nearest if cosines[j] >= floor]
        keyword.append(words_ranked[:TOP])
        semantic.append(nearest[:TOP])
        window, matched = set(words_ranked[:FUSION_WINDOW]), set(found)
        candidates = [j for j in nearest if j in window or j not in matched]  # as search.selectors._hybrid
        hybrid.append(hybrid_order(words_ranked[:FUSION_WINDOW], candidates, every_word=every_word)[:TOP])
    return keyword, semantic, hybrid


def passage_vectors(name: str, build, texts: list[str], cache: Path | None) -> tuple[np.ndarray, float, bool]:  # noqa: ANN001
    """The passage vectors of ``texts`` (from ``cache`` when a run stored them), the seconds
    spent embedding, and whether they came from the cache."""
    path = None
    if cache is not None:
        digest = hashlib.sha256("\0".join([name, *texts]).encode()).hexdigest()[:16]
        path = cache / f"{re.sub(r'[^a-z0-9]+', '-', name.lower())}-{len(texts)}-{digest}.npy"
        if path.exists():
            return np.load(path), 0.0, True
    started = time.perf_counter()
    vectors = build().passages(texts)
    seconds = time.perf_counter() - started
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp.npy")
        np.save(temporary, vectors)
        temporary.replace(path)
    return vectors, seconds, False


def agreement(ranked: np.ndarray | list[list[int]], issues: list[set[str]]) -> float:
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
    parser.add_argument("--cache", type=Path, help="directory keeping the passage vectors between runs")
    args = parser.parse_args()
    cases = labelled_cases(args.chars)
    texts = [c[1] for c in cases]
    issues = [c[2] for c in cases]
    titles = [text.split("\n", 1)[0] for text in texts]
    print(f"{len(cases)} Participedia cases with a text and general issues; texts cut at {args.chars} characters")
    bm25 = bm25_scores(texts)
    keyword = rankings(bm25)
    matches = bm25 > 0
    np.fill_diagonal(matches, True)
    print(f"pairs of cases sharing no word: {int((~matches).sum())} of {len(texts) * (len(texts) - 1)}")
    rows = [
        ("chance (random top 10)", chance(issues)),
        ("similar cases: keyword-only (BM25)", agreement(keyword, issues)),
    ]
    search_rows: list[tuple[str, float]] = []
    builders = [("hashed n-grams (fallback)", embedders.HashingEmbedder)]
    if embedders.e5_available() and not args.no_e5:
        builders.insert(0, ("multilingual-e5-small", lambda: embedders.E5Embedder(threads=args.threads)))
    for name, build in builders:
        vectors, seconds, cached = passage_vectors(name, build, texts, args.cache)
        semantic = rankings(vectors @ vectors.T)
        rows.append((f"similar cases, {name}: semantic-only", agreement(semantic, issues)))
        rows.append((f"similar cases, {name}: hybrid, RRF (k = 60)", agreement(fuse_rrf(keyword, semantic), issues)))
        rows.append(
            (
                f"similar cases, {name}: hybrid, search's rule (keyword order kept)",
                agreement(fuse_search_rule(keyword, semantic, matches), issues),
            )
        )
        if cached:
            print(f"{name}: {len(texts)} passage vectors read from {args.cache}")
        else:
            print(f"{name}: embedded {len(texts)} texts in {seconds:.1f} s ({len(texts) / max(seconds, 1e-9):.1f}/s)")
        started = time.perf_counter()
        by_words, by_meaning, fused = search_rankings(texts, titles, build(), vectors)
        if not search_rows:
            search_rows.append(("search by title: keyword-only (AND, else OR; BM25)", agreement(by_words, issues)))
            print(
                f"search by title: {np.mean([len(r) for r in by_words]):.1f} keyword results in the top 10 on average"
            )
        search_rows.append((f"search by title, {name}: semantic-only", agreement(by_meaning, issues)))
        search_rows.append((f"search by title, {name}: hybrid (the search's fusion)", agreement(fused, issues)))
        print(f"{name}: {len(titles)} title queries in {time.perf_counter() - started:.1f} s")
    print("\n| ranking | agreement@10 |\n|---|---|")
    for name, value in rows + search_rows:
        print(f"| {name} | {value:.3f} |")


if __name__ == "__main__":
    main()
