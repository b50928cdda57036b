"""Benchmark dateline's Coder against bare ``nlp.pipe`` of the same spaCy model.

    python bench/run.py                   # 2,000 real news articles
    python bench/run.py --articles 200    # a quick run
    python bench/run.py --profile 100     # also profile 100 articles in-process

Builds a deterministic corpus (fixed seed) from the English real-news articles
of eval/news (both halves, texts only), each article whole, repeated in a
shuffled order to the size asked (English only: the benchmark measures the
English spaCy path), then times, each in fresh worker processes:

  1. bare ``nlp.pipe`` of the model dateline loads, one process;
  2. dateline's ``Coder.code_documents``, one process;
  3. dateline with one Coder per core (ProcessPoolExecutor), the corpus split
     between them: the Coder does not pass ``Settings.n_process`` to
     ``nlp.pipe``, and its custom component holds a SQLite connection that
     spaCy's own multiprocessing could not pickle anyway;
  4. bare ``nlp.pipe`` with one process per core, the ceiling for (3);
  5. end to end as a user runs it: ``dateline extract corpus.jsonl`` against a
     process that loads the same model and runs bare ``nlp.pipe`` over the
     same texts, both timed from start to exit (model load included).

It prints articles/s, words/s, model load time and peak memory per worker
(``resource.getrusage``), the ratio dateline/bare and whether the targets are
met, and writes the figures to bench/out/results.json.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import io
import json
import multiprocessing
import os
import platform
import pstats
import random
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWS = ROOT / "eval" / "news"
OUT = ROOT / "bench" / "out"

SEED = 20240601
ARTICLES = 2000
FIRST_DAY = dt.date(2024, 1, 1)

# Targets from GitHub issue 6, for this 2-core machine.
TARGET_RATIO = 0.7
TARGET_PARALLEL_ARTICLES_PER_S = 20.0
TARGET_PEAK_MB = 1536.0


@dataclass
class WorkerFigures:
    """What one worker process measured."""

    articles: int
    words: int
    load_s: float  # model (and for dateline, resources and gazetteer) load
    start: float  # time.monotonic() when coding began (system-wide clock)
    end: float
    peak_mb: float  # this process's maximum resident set size
    events: int = 0
    failed: int = 0


@dataclass
class RunFigures:
    """One timed configuration: several workers over one corpus."""

    name: str
    workers: list[WorkerFigures]

    @property
    def seconds(self) -> float:
        return max(w.end for w in self.workers) - min(w.start for w in self.workers)

    @property
    def articles_per_s(self) -> float:
        return sum(w.articles for w in self.workers) / self.seconds

    @property
    def words_per_s(self) -> float:
        return sum(w.words for w in self.workers) / self.seconds

    @property
    def peak_mb(self) -> float:
        return max(w.peak_mb for w in self.workers)


def _peak_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- the corpus -------------------------------------------------------------


def _real_articles() -> list[dict[str, str]]:
    """The English real-news articles (eval/news, both halves: texts only)."""
    articles = []
    for path in sorted(NEWS.glob("*/en.docs.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                doc = json.loads(line)
                articles.append(doc)
    if not articles:
        raise SystemExit(f"no English real-news articles under {NEWS}")
    return sorted(articles, key=lambda d: d["id"])


def build_corpus(articles: int, seed: int = SEED) -> list[dict[str, str]]:
    """``articles`` real English news articles, repeated to size in a shuffled order.

    Each keeps its own text and publication date (the first day of the
    benchmark year when the page has none); repeats get their own ids.
    """
    pool = _real_articles()
    rng = random.Random(seed)
    corpus = []
    order: list[int] = []
    for number in range(articles):
        if not order:
            order = rng.sample(range(len(pool)), len(pool))
        article = pool[order.pop()]
        corpus.append(
            {
                "id": f"bench-{number:05d}",
                "published": article.get("published") or FIRST_DAY.isoformat(),
                "text": article["text"],
                # The corpus says so; detection is timed in language.py's own use.
                "language": "en",
            }
        )
    return corpus


def end_to_end(corpus_path: Path, name: str) -> dict[str, float]:
    """Seconds for `dateline extract` on the file and for bare spaCy, as users run them.

    Both are fresh processes timed from start to exit, model load included:
    `dateline extract FILE --format jsonl` and a Python process that loads the
    same spaCy model and runs ``nlp.pipe`` over the same texts.
    """
    from dateline.settings import Settings

    bare = (
        "import json, spacy, sys\n"
        f"nlp = spacy.load({name!r})\n"
        "texts = [json.loads(l)['text'] for l in open(sys.argv[1], encoding='utf-8')]\n"
        f"for _ in nlp.pipe(texts, batch_size={Settings().batch_size}): pass\n"
    )
    dateline = Path(sys.executable).with_name("dateline")
    commands = {
        "dateline_s": [str(dateline), "extract", str(corpus_path), "--format", "jsonl"],
        "bare_s": [sys.executable, "-c", bare, str(corpus_path)],
    }
    seconds = {}
    for key, command in commands.items():
        started = time.monotonic()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        seconds[key] = time.monotonic() - started
    seconds["ratio"] = seconds["bare_s"] / seconds["dateline_s"]
    return seconds


# --- the workers (run in fresh processes) ----------------------------------


def code_with_dateline(corpus: list[dict[str, str]]) -> WorkerFigures:
    """Code documents with a new Coder; the model load is timed apart."""
    from dateline.model import Document
    from dateline.pipeline import Coder

    loaded = time.monotonic()
    coder = Coder()
    coder.pipeline("en")
    documents = [
        Document(
            id=d["id"],
            text=d["text"],
            published=dt.date.fromisoformat(d["published"]),
            language=d["language"],
        )
        for d in corpus
    ]
    start = time.monotonic()
    events = failed = 0
    for result in coder.code_documents(documents):
        events += len(result.events)
        failed += result.error is not None
    end = time.monotonic()
    return WorkerFigures(
        articles=len(corpus),
        words=sum(len(d["text"].split()) for d in corpus),
        load_s=start - loaded,
        start=start,
        end=end,
        peak_mb=_peak_mb(),
        events=events,
        failed=failed,
    )


def model_name() -> str:
    """The spaCy package dateline loads for English (the first one installed)."""
    import spacy.util

    from dateline.settings import Settings

    for name in Settings().models["en"]:
        if spacy.util.is_package(name):
            return name
    raise SystemExit("no English spaCy model installed: pip install -e .")


def parse_with_spacy(corpus: list[dict[str, str]], name: str) -> WorkerFigures:
    """Run bare nlp.pipe of the same model with dateline's batch size."""
    import spacy

    from dateline.settings import Settings

    loaded = time.monotonic()
    nlp = spacy.load(name)
    texts = [d["text"] for d in corpus]
    start = time.monotonic()
    for _doc in nlp.pipe(texts, batch_size=Settings().batch_size):
        pass
    end = time.monotonic()
    return WorkerFigures(
        articles=len(corpus),
        words=sum(len(t.split()) for t in texts),
        load_s=start - loaded,
        start=start,
        end=end,
        peak_mb=_peak_mb(),
    )


def run(
    name: str, corpus: list[dict[str, str]], workers: int, *args: str
) -> RunFigures:
    """Run a worker function over the corpus split between fresh processes."""
    job = code_with_dateline if name.startswith("dateline") else parse_with_spacy
    parts = [corpus[i::workers] for i in range(workers)]
    # spawn, not fork: each worker starts empty, so its peak memory is its own.
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = [pool.submit(job, part, *args) for part in parts]
        figures = RunFigures(name, [f.result() for f in futures])
    _print_run(figures)
    return figures


# --- profile ----------------------------------------------------------------


def profile(corpus: list[dict[str, str]], out: Path) -> None:
    """Profile dateline in this process and print where the time goes."""
    from dateline.model import Document
    from dateline.pipeline import Coder

    coder = Coder()
    coder.pipeline("en")
    documents = [
        Document(
            id=d["id"], text=d["text"], published=dt.date.fromisoformat(d["published"])
        )
        for d in corpus
    ]
    profiler = cProfile.Profile()
    profiler.enable()
    for _result in coder.code_documents(documents):
        pass
    profiler.disable()
    stats = pstats.Stats(profiler)
    text = io.StringIO()
    pstats.Stats(profiler, stream=text).sort_stats("cumulative").print_stats(60)
    out.write_text(text.getvalue(), encoding="utf-8")
    total = max(entry[3] for entry in stats.stats.values())  # type: ignore[attr-defined]
    print(f"\nprofile of {len(documents)} articles ({total:.1f} s under cProfile):")
    print(f"  {'share':>6}  function (cumulative time)")
    rows = []
    for (file, line, func), entry in stats.stats.items():  # type: ignore[attr-defined]
        cumulative = entry[3]
        interesting = "/dateline/" in file or func in (
            "pipe",
            "find_matches",
            "__call__",
        )
        if interesting and cumulative / total >= 0.03:
            where = file.split("/site-packages/")[-1].split("/src/")[-1]
            rows.append((cumulative / total, f"{where}:{line}:{func}"))
    for share, where in sorted(rows, reverse=True)[:20]:
        print(f"  {share:6.1%}  {where}")
    print(f"  full listing: {out}")


# --- report -----------------------------------------------------------------


def _print_run(f: RunFigures) -> None:
    peaks = ", ".join(f"{w.peak_mb:.0f}" for w in f.workers)
    loads = ", ".join(f"{w.load_s:.1f}" for w in f.workers)
    print(
        f"{f.name:<22} {len(f.workers)} proc  {f.articles_per_s:7.2f} articles/s  "
        f"{f.words_per_s:9.0f} words/s  {f.seconds:7.1f} s  "
        f"load {loads} s  peak {peaks} MB",
        flush=True,
    )


def _machine() -> dict[str, object]:
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    import spacy

    return {
        "cores": os.cpu_count(),
        "cpu": cpu,
        "python": platform.python_version(),
        "spacy": spacy.__version__,
    }


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--articles", type=int, default=ARTICLES)
    parser.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="for the parallel runs"
    )
    parser.add_argument(
        "--profile",
        type=int,
        default=0,
        metavar="N",
        help="also profile dateline on the first N articles",
    )
    args = parser.parse_args(argv)

    corpus = build_corpus(args.articles)
    OUT.mkdir(parents=True, exist_ok=True)
    with (OUT / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for doc in corpus:
            out.write(json.dumps(doc) + "\n")
    words = [len(d["text"].split()) for d in corpus]
    name = model_name()
    machine = _machine()
    print(
        f"corpus: {len(corpus)} real English news articles (eval/news, repeated to "
        f"size), {sum(words) / len(words):.0f} words on average "
        f"({min(words)}-{max(words)}), seed {SEED}; model {name}"
    )
    print(
        f"machine: {machine['cores']} cores, {machine['cpu']}, Python "
        f"{machine['python']}, spaCy {machine['spacy']}\n"
    )

    bare = run("bare nlp.pipe", corpus, 1, name)
    single = run("dateline", corpus, 1)
    parallel = run("dateline", corpus, args.workers)
    bare_parallel = run("bare nlp.pipe", corpus, args.workers, name)

    whole = end_to_end(OUT / "corpus.jsonl", name)
    print(
        f"end to end, as a user runs it: dateline extract {whole['dateline_s']:.1f} s, "
        f"bare spaCy {whole['bare_s']:.1f} s (model load included)"
    )

    ratio = single.articles_per_s / bare.articles_per_s
    ratio_parallel = parallel.articles_per_s / bare_parallel.articles_per_s
    peak = max(single.peak_mb, parallel.peak_mb)
    print()
    print(
        f"ratio dateline/bare, 1 process:    {ratio:.2f}  (target >= {TARGET_RATIO}: "
        f"{_verdict(ratio >= TARGET_RATIO)})"
    )
    print(f"ratio dateline/bare, {args.workers} processes:  {ratio_parallel:.2f}")
    print(
        f"ratio end to end (dateline extract): {whole['ratio']:.2f}  (target >= "
        f"{TARGET_RATIO}: {_verdict(whole['ratio'] >= TARGET_RATIO)})"
    )
    print(
        f"dateline on {args.workers} processes:         "
        f"{parallel.articles_per_s:.2f} articles/s  (target >= "
        f"{TARGET_PARALLEL_ARTICLES_PER_S:.0f}: "
        f"{_verdict(parallel.articles_per_s >= TARGET_PARALLEL_ARTICLES_PER_S)}; "
        f"bare spaCy ceiling {bare_parallel.articles_per_s:.2f})"
    )
    print(
        f"peak memory per dateline worker: {peak:.0f} MB  (target < "
        f"{TARGET_PEAK_MB:.0f}: {_verdict(peak < TARGET_PEAK_MB)})"
    )
    results = {
        "machine": machine,
        "model": name,
        "articles": len(corpus),
        "mean_words": sum(words) / len(words),
        "seed": SEED,
        "ratio": ratio,
        "ratio_parallel": ratio_parallel,
        "end_to_end": whole,
        "runs": [
            {
                "name": r.name,
                "processes": len(r.workers),
                "articles_per_s": r.articles_per_s,
                "words_per_s": r.words_per_s,
                "seconds": r.seconds,
                "peak_mb": r.peak_mb,
                "workers": [asdict(w) for w in r.workers],
            }
            for r in (bare, single, parallel, bare_parallel)
        ],
    }
    (OUT / "results.json").write_text(json.dumps(results, indent=2) + "\n")
    print(f"\nfigures written to {OUT / 'results.json'}")
    if args.profile:
        profile(corpus[: args.profile], OUT / "profile.txt")
    return 0


if __name__ == "__main__":
    sys.exit(main())
