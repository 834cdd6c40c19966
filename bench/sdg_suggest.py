"""Precision and recall of the SDG suggester (translocal.sdg.suggester) on real Participedia
cases, and its batch throughput.

The labelled set: Participedia cases (../shared/data/participedia) that have both a text
(case-texts-2016.json: title + body) and general issues (cases-2018-structured.json). A case's
gold goals are the goals its general issues map to by bench/sdg_gold.py, a mapping written
before the suggester was run. Cases whose issues map to no goal are left out. Caveat: the gold
is coarse (an issue stands for several goals, and a case about, say, youth housing may well
touch goals its issues do not name), so precision is a lower bound.

The split is fixed by the case id (crc32 of the id, even = tuning, odd = held out). ``--fit``
fits the calibration (logistic weights and the goal threshold) on the tuning half only and
writes it to src/translocal/sdg/data/calibration.json; every run reports both halves, and the
held-out half was never used to choose anything.

    .venv/bin/python bench/sdg_suggest.py --embedder hashing --fit
    .venv/bin/python bench/sdg_suggest.py --embedder e5 --fit
    .venv/bin/python bench/sdg_suggest.py --embedder hashing --throughput 1000
    .venv/bin/python bench/sdg_suggest.py --cli 1000            # the command, end to end

``--cli N`` times the installed command ``translocal sdg suggest --jsonl`` (start-up, reference
vectors and all) on the first N paragraphs of at least 200 characters of the Participedia case
texts, with its default embedder unless ``--cli-embedder`` names one. It needs the SDG terms in
the database the command uses (``translocal import sdg PATH``).
"""

import argparse
import ast
import html
import json
import os
import re
import subprocess
import sys
import time
import zlib
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "translocal.settings")
os.environ.setdefault("TESTING", "1")

import django  # noqa: E402

django.setup()

from sdg_gold import ISSUE_GOALS  # noqa: E402

from translocal.core.markup import html_to_text  # noqa: E402
from translocal.intelligence import embedders  # noqa: E402
from translocal.sdg import suggester as sg  # noqa: E402
from translocal.taxonomy.selectors import normalise_key  # noqa: E402

SHARED = Path(os.environ.get("TRANSLOCAL_SHARED_DATA") or ROOT.parent / "shared" / "data")
VOCABULARIES = ROOT / "src" / "translocal" / "taxonomy" / "data" / "vocabularies.json"


def issue_slugs() -> dict[str, str]:
    """Any spelling of a general issue (slug or alias, normalised) -> its slug."""
    terms = json.loads(VOCABULARIES.read_text())["vocabularies"]["general_issue"]
    spellings = {}
    for term in terms:
        for key in (term["slug"], *term.get("aliases", [])):
            spellings[normalise_key(key)] = term["slug"]
    return spellings


def labelled_cases() -> list[tuple[str, str, set[int]]]:
    """(case id, text, gold goals) for every case with a text and mapped issues."""
    structured = json.loads((SHARED / "participedia" / "cases-2018-structured.json").read_text())
    texts = json.loads((SHARED / "participedia" / "case-texts-2016.json").read_text())
    spellings = issue_slugs()
    cases = []
    for record in structured:
        case_id = str(record["id"])
        if case_id not in texts:
            continue
        issues = record.get("issues") or []
        if isinstance(issues, str):
            issues = ast.literal_eval(issues)
        goals = set()
        for issue in issues:
            slug = spellings.get(normalise_key(issue))
            goals.update(ISSUE_GOALS.get(slug or "", ()))
        if not goals:
            continue
        text = texts[case_id]
        body = f"{text.get('title', '')}\n\n{html_to_text(text.get('htmlbody') or '')}".strip()
        cases.append((case_id, body[: sg.MAX_CHARS], goals))
    return cases


def real_paragraphs(count: int) -> list[dict[str, str]]:
    """The first ``count`` paragraphs of at least 200 characters of the case texts, in file order."""
    texts = json.loads((SHARED / "participedia" / "case-texts-2016.json").read_text())
    found = []
    for case_id, text in texts.items():
        for number, part in enumerate(re.split(r"</p>|<br\s*/?>|\n\n", text.get("htmlbody") or "")):
            paragraph = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", part)).split())
            if len(paragraph) >= 200:
                found.append({"id": f"{case_id}-{number}", "text": paragraph})
                if len(found) == count:
                    return found
    return found


def time_cli(count: int, embedder: str | None) -> None:
    """Wall-clock time of the installed command on ``count`` real paragraphs, one run."""
    paragraphs = real_paragraphs(count)
    command = [str(Path(sys.executable).with_name("translocal")), "sdg", "suggest", "--jsonl"]
    if embedder:
        command += ["--embedder", embedder]
    stdin = "".join(json.dumps(p, ensure_ascii=False) + "\n" for p in paragraphs)
    started = time.perf_counter()
    done = subprocess.run(command, input=stdin, capture_output=True, text=True, check=True)  # noqa: S603 - our own command
    seconds = time.perf_counter() - started
    lines = done.stdout.splitlines()
    if len(lines) != len(paragraphs):
        raise SystemExit(f"{len(lines)} lines for {len(paragraphs)} paragraphs: {done.stderr[-2000:]}")
    chars = sum(len(p["text"]) for p in paragraphs) / len(paragraphs)
    load = os.getloadavg()[0]
    print(
        f"{' '.join(command[1:])}: {len(paragraphs)} paragraphs (mean {chars:.0f} characters) in "
        f"{seconds:.1f} s wall, start-up included ({len(paragraphs) / seconds:.0f}/s; load average {load:.1f})"
    )


def is_tuning(case_id: str) -> bool:
    return zlib.crc32(case_id.encode()) % 2 == 0


def build_embedder(name: str):  # noqa: ANN201
    return embedders.E5Embedder(threads=2) if name == "e5" else embedders.HashingEmbedder()


def fit_logistic(x: np.ndarray, y: np.ndarray, steps: int = 3000, rate: float = 0.5, l2: float = 1e-3) -> np.ndarray:
    """Plain logistic regression by gradient descent (features include the bias column)."""
    weights = np.zeros(x.shape[1])
    for _ in range(steps):
        p = 1 / (1 + np.exp(-(x @ weights)))
        gradient = x.T @ (p - y) / len(y) + l2 * np.r_[0, weights[1:]]
        weights -= rate * gradient
    return weights


def evaluate(results: list[sg.Result], gold: list[set[int]]) -> dict[str, float]:
    tp = fp = fn = 0
    for result, goals in zip(results, gold, strict=True):
        suggested = {g.goal for g in result.goals if g.suggested}
        tp += len(suggested & goals)
        fp += len(suggested - goals)
        fn += len(goals - suggested)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    none = sum(1 for r in results if not any(g.suggested for g in r.goals))
    return {"precision": precision, "recall": recall, "f1": f1, "texts": len(results), "with_none": none}


def row(name: str, figures: dict[str, float]) -> str:
    return (
        f"| {name} | {figures['texts']} | {figures['precision']:.2f} | {figures['recall']:.2f} | "
        f"{figures['f1']:.2f} | {figures['with_none']} |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--embedder", choices=["hashing", "e5"], default="hashing")
    parser.add_argument("--fit", action="store_true", help="fit the calibration on the tuning half and save it")
    parser.add_argument("--throughput", type=int, default=0, help="also time N paragraphs through the suggester")
    parser.add_argument("--cli", type=int, default=0, help="only time the command on N real paragraphs")
    parser.add_argument("--cli-embedder", choices=["hashing", "e5"], default=None)
    args = parser.parse_args()
    if args.cli:
        time_cli(args.cli, args.cli_embedder)
        return

    embedder = build_embedder(args.embedder)
    catalogue = sg.catalogue_from_yaml(SHARED / "sdg" / "en")
    suggester = sg.Suggester(catalogue, embedder)
    cases = labelled_cases()
    tune = [c for c in cases if is_tuning(c[0])]
    held = [c for c in cases if not is_tuning(c[0])]
    print(f"model {embedder.name}: {len(cases)} labelled cases, {len(tune)} tuning, {len(held)} held out")

    started = time.perf_counter()
    vectors = {c[0]: v for c, v in zip(cases, suggester.embed([c[1] for c in cases]), strict=True)}
    print(f"embedded in {time.perf_counter() - started:.1f} s")

    def run(subset: list[tuple[str, str, set[int]]], calibration: sg.Calibration) -> list[sg.Result]:
        suggester.calibration = calibration
        matrix = np.stack([vectors[c[0]] for c in subset])
        return suggester.suggest([c[1] for c in subset], vectors=matrix)

    calibration = suggester.calibration
    if args.fit:
        matrix = np.stack([vectors[c[0]] for c in tune])
        features, _cos, _cues = suggester.features(matrix, [c[1] for c in tune])
        labels = np.array([[1.0 if g in c[2] else 0.0 for g in sg.GOALS] for c in tune])
        weights = fit_logistic(features.reshape(-1, 4), labels.reshape(-1))
        best = (0.0, 0.5)
        for threshold in np.arange(0.10, 0.91, 0.02):
            trial = sg.Calibration(weights=tuple(weights), threshold=float(threshold), tau=calibration.tau)
            f1 = evaluate(run(tune, trial), [c[2] for c in tune])["f1"]
            if f1 > best[0]:
                best = (f1, float(threshold))
        tau = 0.01 if embedder.semantic else 0.05
        calibration = sg.Calibration(weights=tuple(float(w) for w in weights), threshold=best[1], tau=tau)
        stored = json.loads(sg.CALIBRATION_FILE.read_text()) if sg.CALIBRATION_FILE.exists() else {}
        stored[embedder.name] = {
            "weights": [round(w, 4) for w in calibration.weights],
            "threshold": round(calibration.threshold, 2),
            "tau": tau,
            "max_goals": calibration.max_goals,
            "fitted_on": f"bench/sdg_suggest.py: {len(tune)} Participedia cases (tuning half)",
        }
        sg.CALIBRATION_FILE.write_text(json.dumps(stored, indent=2) + "\n")
        print(f"fitted: weights {np.round(weights, 3).tolist()}, threshold {best[1]:.2f}")

    print("\n| set | texts | precision | recall | F1 | texts with no goal suggested |")
    print("|---|---|---|---|---|---|")
    print(row("tuning half", evaluate(run(tune, calibration), [c[2] for c in tune])))
    print(row("held-out half", evaluate(run(held, calibration), [c[2] for c in held])))
    # Baselines on the held-out half: keyword cues alone, and always answering goal 16.
    cue_results = []
    for _id, text, _gold in held:
        found = sg.goal_cues(sg.fold(text))
        cue_results.append(sg.Result(goals=[sg.GoalScore(g, 1.0, g in found) for g in sg.GOALS]))
    print(row("held-out, keyword cues only", evaluate(cue_results, [c[2] for c in held])))
    always = [sg.Result(goals=[sg.GoalScore(16, 1.0, True)]) for _ in held]
    print(row("held-out, always goal 16", evaluate(always, [c[2] for c in held])))

    if args.throughput:
        texts = [c[1][:600] for c in cases]
        paragraphs = [texts[i % len(texts)] + f" ({i})" for i in range(args.throughput)]
        started = time.perf_counter()
        fresh = sg.Suggester(catalogue, embedder, calibration)
        built = time.perf_counter() - started
        started = time.perf_counter()
        for start in range(0, len(paragraphs), 64):
            fresh.suggest(paragraphs[start : start + 64])
        seconds = time.perf_counter() - started
        print(
            f"\nthroughput: {len(paragraphs)} paragraphs of up to 600 characters in {seconds:.1f} s "
            f"({len(paragraphs) / seconds:.0f}/s), after {built:.1f} s building the reference vectors"
        )


if __name__ == "__main__":
    main()
