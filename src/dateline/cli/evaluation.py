"""``dateline eval`` and ``dateline train``: score against gold, rebuild models."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import click

from dateline.cli.options import (
    common_options,
    data_options,
    progress,
    read_documents,
    say_result,
    settings_from,
)
from dateline.pipeline import Coder
from dateline.scorelog import (
    append_score_log,
    format_event_scores,
    format_incident_scores,
    format_language_lines,
    score_log_beside,
)
from dateline.settings import Settings


@click.command("eval")
@click.argument(
    "gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), nargs=-1
)
@click.option(
    "--articles",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Documents (JSON lines) the gold events come from; default: GOLD with .gold. replaced by .docs.",
)
@click.option(
    "--incident-set",
    "incidents_gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score incident clustering on a gold grouping (with --articles).",
)
@click.option(
    "--place-set",
    "places_gold",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Score place resolution on a gold place set instead.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.option(
    "--no-log",
    is_flag=True,
    help="Do not append the scores to the SCORES.md beside the gold files.",
)
@data_options
@common_options
def evaluate(
    gold: tuple[Path, ...],
    articles: Path | None,
    places_gold: Path | None,
    incidents_gold: Path | None,
    as_json: bool,
    no_log: bool,
    extra_actors: tuple[Path, ...],
    extra_places: tuple[Path, ...],
    extra_triggers: tuple[Path, ...],
) -> None:
    """Score dateline against gold events (or gold places) and print the scores.

    Several GOLD files are scored together, with a line per language; gold
    events with an `incident` label also score the incident merge. When the
    gold files sit beside a SCORES.md (the sealed real-news test half does),
    the scores are appended to it with the commit.

    \b
    Example:
        dateline eval eval/dev/en.gold.jsonl --articles eval/dev/en.docs.jsonl
        dateline eval eval/dev/*.gold.jsonl
        dateline eval eval/news/dev/*.gold.jsonl
        dateline eval --place-set eval/places/dev.jsonl
        dateline eval --incident-set eval/incidents/gold.jsonl
    """
    from dateline import evaluate as ev

    coder = Coder(settings_from(None, extra_actors, extra_places, extra_triggers))
    out = sys.stdout
    if incidents_gold is not None:
        from dateline.evaluate import score_incidents

        source = articles or incidents_gold.with_name("articles.jsonl")
        report = score_incidents(incidents_gold, source, coder)
        out.write(ev.dumps(report) + "\n")
        return
    if places_gold is not None:
        scores = ev.evaluate_places(ev.read_gold_places(places_gold), coder.places_of)
        report = scores.as_dict()
        if as_json:
            out.write(ev.dumps({**report, "misses": scores.misses}) + "\n")
        else:
            out.write(
                f"places: {report['mentions']} mentions, resolved {report['resolved']}, "
                f"accuracy {report['accuracy']:.3f}, within 25 km {report['within_25km']:.3f}\n"
            )
        return
    if not gold:
        raise click.UsageError("give GOLD.jsonl, or --place-set")
    if articles is not None and len(gold) > 1:
        raise click.UsageError("--articles goes with one GOLD file")
    gold_events = []
    sources = []
    for path in gold:
        source = articles or path.with_name(path.name.replace(".gold.", ".docs."))
        if not source.exists():
            raise click.UsageError(f"no --articles given and {source} does not exist")
        gold_events.extend(ev.read_gold_events(path))
        sources.append(str(source))
    documents, _ = read_documents(tuple(sources), coder, None)
    report = ev.score_coded(
        gold_events,
        documents,
        coder,
        on_result=say_result,
        progress=lambda docs, total: progress(docs, total, "coding"),
    )
    log = score_log_beside(gold)
    if log is not None and not no_log:
        append_score_log(log, gold, report)
    if as_json:
        out.write(ev.dumps(report) + "\n")
        return
    out.write(format_event_scores(report["overall"]) + "\n")
    if len(report["by_language"]) > 1:
        out.write(format_language_lines(report["by_language"]) + "\n")
    if "incidents" in report:
        out.write(format_incident_scores(report["incidents"]) + "\n")


@click.command()
@click.argument("name", type=click.Choice(["decide", "roles"]))
@click.argument(
    "gold", type=click.Path(exists=True, dir_okay=False, path_type=Path), nargs=-1
)
@click.option(
    "--extra",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    multiple=True,
    help="Gold sets we wrote ourselves: more training rows, never the threshold.",
)
def train(name: str, gold: tuple[Path, ...], extra: tuple[Path, ...]) -> None:
    """Rebuild a learned model from gold sets in the repository, deterministically.

    `roles` is the learned roles stage: it reads the gold sets' articles once,
    learns which mention of a candidate's sentence is its actor and which its
    target from the gold's aliases, prints the cross-validated event scores
    (5 folds by article) beside the rules' alone, and writes
    data/models/roles.json.

    `decide` is the decision stage: it codes the gold sets' articles with the
    stage off, labels each event by whether it matches a gold event, chooses
    the regularisation and threshold by cross-validation over articles, and
    writes data/models/decide.json. Needs scikit-learn (`pip install -e
    '.[train]'`). Train on the real-news dev half only, never the test half.

    \b
    Example:
        dateline train decide eval/news/dev/*.gold.jsonl --extra eval/dev/en.gold.jsonl
        dateline train roles eval/news/dev/*.gold.jsonl
    """
    from dateline.decide import MODEL_FILE
    from dateline.train import train_decision

    if not gold:
        raise click.UsageError("give the gold files to learn from")
    if any(p.resolve().parent.name == "test" for p in (*gold, *extra)):
        raise click.UsageError("the sealed test half is never trained on")
    if name == "roles":
        _train_roles(gold)
        return
    settings = replace(Settings(), decide=False)
    model = train_decision(gold, Coder(settings), extra)
    out = settings.data_dir / MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    meta = model.meta
    for row in meta["grid"]:
        click.echo(
            f"C {row['C']:<5} cross-validated F1 {row['cv_f1']:.3f} "
            f"at threshold {row['threshold']:.3f}"
        )
    for row in meta["calibration"]:
        click.echo(
            f"confidence {row['bin']}: said {row['confidence']:.2f}, happened "
            f"{row['happened']:.2f} ({row['candidates']} candidates)"
        )
    click.echo(f"expected calibration error {meta['calibration_error']:.3f}")
    click.echo(
        f"{out}: {len(model.weights)} weights from {meta['rows']} candidates "
        f"({meta['happened']} happened, {meta['gold_events']} gold events); "
        f"C {meta['C']}, threshold {model.threshold:.3f}, version {model.version}"
    )


def _train_roles(gold: tuple[Path, ...]) -> None:
    """``dateline train roles``: cross-validate, print the scores, write the model."""
    from dateline.rolemodel import MODEL_FILE
    from dateline.train import train_roles

    settings = replace(Settings(), learned_roles=False)
    model, trial = train_roles(gold, Coder(settings))
    scores = trial.scores()
    for who in ("rules", "learned"):
        overall = scores[who]["decided"]["overall"]
        fields = overall["field_accuracy"]
        click.echo(
            f"{who:8} (5-fold by article) P {overall['precision']:.3f} "
            f"R {overall['recall']:.3f} F1 {overall['f1']:.3f}, actor "
            f"{fields['actor']}, target {fields['target']}"
        )
    out = settings.data_dir / MODEL_FILE
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(model.to_json(), encoding="utf-8")
    meta = model.meta
    click.echo(
        f"{out}: from {meta['mentions']} mentions ({meta['actors']} actors, "
        f"{meta['targets']} targets), version {model.version}"
    )
