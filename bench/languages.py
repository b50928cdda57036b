"""Throughput of the parser-free finder, per language.

    python bench/languages.py                  # 40 articles of ~600 words per language
    python bench/languages.py --articles 10 --languages fr,ar
    python bench/languages.py --languages ru,uk --no-parse   # without natasha's parse

For each language, builds articles of about 600 words by joining that
language's dev passages (eval/dev/{lang}.docs.jsonl) in a shuffled order
(fixed seed), codes them in one process with the Coder, and prints articles/s,
words/s and events per article. The classifier is trained (or read from the
cache) before timing starts. Figures go to bench/out/languages.json.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_DOCS = ROOT / "eval" / "dev"
OUT = ROOT / "bench" / "out"
SEED = 20240601
WORDS_PER_ARTICLE = 600
LANGUAGES = ("fr", "es", "pt", "de", "ru", "uk", "ar", "fa", "tr")


def build_articles(language: str, count: int) -> list[dict[str, str]]:
    """``count`` articles of about 600 words from one language's dev passages."""
    lines = (EVAL_DOCS / f"{language}.docs.jsonl").read_text(encoding="utf-8")
    passages = [json.loads(line)["text"] for line in lines.splitlines() if line]
    rng = random.Random(f"{SEED}-{language}")
    articles = []
    for n in range(count):
        parts: list[str] = []
        words = 0
        while words < WORDS_PER_ARTICLE:
            passage = rng.choice(passages)
            parts.append(passage)
            words += len(passage.split())
        articles.append({"id": f"{language}-{n:04d}", "text": "\n\n".join(parts)})
    return articles


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--languages", default=",".join(LANGUAGES))
    parser.add_argument(
        "--no-parse",
        action="store_true",
        help="read Russian and Ukrainian roles by word order alone, without natasha",
    )
    args = parser.parse_args(argv)

    from dateline.model import Document, content_id
    from dateline.pipeline import Coder
    from dateline.settings import Settings

    settings = Settings(parse_roles=()) if args.no_parse else Settings()
    coder = Coder(settings)
    published = dt.date(2024, 6, 1)
    warm = [
        Document(id=f"warm-{lang}", text=text, published=published, language=lang)
        for lang, text in (
            ("fr", "Des soldats ont été tués."),
            ("ru", "Солдаты убиты."),
        )
    ]
    list(coder.code_documents(warm))  # loads the finder, the classifier, natasha
    rows = []
    for language in args.languages.split(","):
        articles = build_articles(language, args.articles)
        docs = [
            Document(
                id=content_id(a["text"]),
                text=a["text"],
                published=published,
                language=language,
            )
            for a in articles
        ]
        words = sum(len(d.text.split()) for d in docs)
        started = time.perf_counter()
        cpu_started = time.process_time()
        results = list(coder.code_documents(docs))
        took = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        events = sum(len(r.events) for r in results)
        rows.append(
            {
                "language": language,
                "articles": len(docs),
                "articles_per_s": round(len(docs) / took, 2),
                "words_per_s": round(words / took),
                "words_per_cpu_s": round(words / cpu),
                "events_per_article": round(events / len(docs), 1),
            }
        )
        r = rows[-1]
        sys.stdout.write(
            f"{language}: {r['articles_per_s']:6.2f} articles/s "
            f"{r['words_per_s']:7d} words/s ({r['words_per_cpu_s']} per CPU second)  "
            f"{r['events_per_article']} events/article\n"
        )
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    sys.stdout.write(f"peak memory {peak_mb:.0f} MB (one process, all languages)\n")
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "languages.json").write_text(
        json.dumps({"rows": rows, "peak_mb": round(peak_mb)}, indent=2) + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
