"""The `padupadan` command line.

Thin layer: parse arguments, call `matching`, print with rich on stderr, map failures to exit codes.

Exit codes (documented in the README):
  0  success (row-level problems, if any, are in the error report)
  1  internal error (a bug: please report it with PADUPADAN_DEBUG=1 output)
  2  usage error (bad option or argument)
  3  an input file cannot be read as a table (missing, empty, binary, missing columns, ...)
  4  nothing valid remains after validation
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import pandas as pd
import typer
from rich.console import Console
from rich.table import Table

from matching import __version__

EXIT_OK = 0
EXIT_INTERNAL = 1
EXIT_USAGE = 2
EXIT_INPUT = 3
EXIT_NOTHING_VALID = 4

app = typer.Typer(
    name="padupadan",
    help="padupadan: matching Indonesian migrant-worker candidates (CPMI) to overseas job orders.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
normalise_app = typer.Typer(help="Normalise one column of a CSV/XLSX file.", no_args_is_help=True)
app.add_typer(normalise_app, name="normalise")

console = Console(stderr=True)

T = TypeVar("T")


class CliError(Exception):
    """A user-facing failure: message plus exit code, never a traceback."""

    def __init__(self, message: str, code: int) -> None:
        super().__init__(message)
        self.code = code


def _guard(func: Callable[[], T]) -> T:
    """Run `func`, turning known input problems into a one-line message and an exit code."""
    from matching.io import InputFileError

    try:
        return func()
    except InputFileError as exc:
        raise CliError(str(exc), EXIT_INPUT) from exc
    except (FileNotFoundError, PermissionError, IsADirectoryError) as exc:
        raise CliError(f"cannot open {exc.filename}: {exc.strerror}", EXIT_INPUT) from exc


def _read_raw(path: Path) -> pd.DataFrame:
    from matching.io import read_table

    raw, _warnings = read_table(path)
    return raw


def _require_column(frame: pd.DataFrame, column: str, path: Path) -> None:
    if column not in frame.columns:
        cols = ", ".join(c for c in frame.columns if not c.startswith("_"))
        raise CliError(f"{path}: no column named {column!r} (columns: {cols})", EXIT_USAGE)


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False)


def _status_table(title: str, counts: pd.Series) -> Table:
    table = Table(title=title)
    table.add_column("status")
    table.add_column("rows", justify="right")
    for key, value in counts.items():
        table.add_row(str(key), f"{int(value):,}")
    return table


@normalise_app.command("occupations")
def normalise_occupations(
    infile: Annotated[Path, typer.Argument(help="CSV or XLSX file.")],
    column: Annotated[str, typer.Option("--column", "-c", help="Column holding job titles.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output CSV.")],
) -> None:
    """Map job titles to ISCO-08 unit group, label, PMI sector, confidence, method and status."""
    from matching.normalise.occupation import OccupationNormaliser

    def run() -> pd.DataFrame:
        raw = _read_raw(infile)
        _require_column(raw, column, infile)
        result = OccupationNormaliser().fit().transform(raw[column])
        body = raw.drop(columns=[c for c in raw.columns if c.startswith("_")])
        cols = ["isco08", "occupation_label", "sector", "confidence", "method", "status"]
        return pd.concat([body, result[cols].set_axis(raw.index)], axis=1)

    frame = _guard(run)
    _write_csv(frame, out)
    console.print(_status_table(f"{len(frame):,} titles -> {out}", frame["status"].value_counts()))


@normalise_app.command("countries")
def normalise_countries(
    infile: Annotated[Path, typer.Argument(help="CSV or XLSX file.")],
    column: Annotated[str, typer.Option("--column", "-c", help="Column holding country names.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Output CSV.")],
) -> None:
    """Map country names (Indonesian, English, misspelt) to ISO 3166 alpha-2 codes."""
    from matching.normalise.country import CountryNormaliser

    def run() -> pd.DataFrame:
        raw = _read_raw(infile)
        _require_column(raw, column, infile)
        result = CountryNormaliser().fit().transform(raw[column])
        body = raw.drop(columns=[c for c in raw.columns if c.startswith("_")])
        cols = ["country_iso2", "country_name", "confidence", "status"]
        return pd.concat([body, result[cols].set_axis(raw.index)], axis=1)

    frame = _guard(run)
    _write_csv(frame, out)
    console.print(_status_table(f"{len(frame):,} names -> {out}", frame["status"].value_counts()))


@app.command("sample")
def sample(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")],
    candidates: Annotated[int, typer.Option("--candidates", min=1)] = 2000,
    job_orders: Annotated[int, typer.Option("--job-orders", min=1)] = 200,
    seed: Annotated[int, typer.Option("--seed")] = 42,
    fmt: Annotated[str, typer.Option("--format", help="csv or xlsx")] = "csv",
) -> None:
    """Write synthetic candidates, job orders, quotas and a history of past matches."""
    from matching.sample import generate_sample, write_sample

    if fmt not in ("csv", "xlsx"):
        raise CliError(f"--format must be csv or xlsx, not {fmt!r}", EXIT_USAGE)
    started = time.perf_counter()
    with console.status("generating sample data"):
        data = generate_sample(candidates, job_orders, seed=seed)
        paths = write_sample(data, out, fmt="xlsx" if fmt == "xlsx" else "csv")
    table = Table(title=f"sample seed={seed} ({time.perf_counter() - started:.1f} s)")
    table.add_column("file")
    table.add_column("rows", justify="right")
    for name, path in paths.items():
        frame = getattr(data, name, None)
        table.add_row(str(path), f"{len(frame):,}" if frame is not None else "")
    console.print(table)


@app.command("prepare")
def prepare(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out/prepare"),
    candidates: Annotated[
        Path | None,
        typer.Option("--candidates", help="Candidates CSV/XLSX (default: bundled sample)."),
    ] = None,
    job_orders: Annotated[
        Path | None,
        typer.Option("--job-orders", help="Job orders CSV/XLSX (default: bundled sample)."),
    ] = None,
    quotas: Annotated[
        Path | None, typer.Option("--quotas", help="Quotas CSV/XLSX (optional).")
    ] = None,
) -> None:
    """Read, validate and normalise candidates and job orders (the pipeline's first stage)."""
    from matching.paths import sample_dir
    from matching.pipeline import prepare as run_prepare

    cand = candidates or sample_dir() / "candidates.csv"
    jobs = job_orders or sample_dir() / "job_orders.csv"
    if quotas is None and candidates is None and job_orders is None:
        default_quotas = sample_dir() / "quotas.csv"
        quotas = default_quotas if default_quotas.exists() else None

    prepared = _guard(lambda: run_prepare(cand, jobs, quotas, progress=_progress))
    paths = prepared.write(out)
    _print_prepare_summary(prepared.summary(), paths)
    if prepared.candidates.empty and prepared.job_orders.empty:
        raise CliError(
            "no valid candidate or job-order row remains; see errors.csv", EXIT_NOTHING_VALID
        )


def _progress(stage: str) -> None:
    console.log(stage)


def _print_prepare_summary(summary: dict[str, Any], paths: dict[str, Path]) -> None:
    table = Table(title="padupadan prepare")
    table.add_column("table")
    table.add_column("read", justify="right")
    table.add_column("kept", justify="right")
    table.add_column("rejected", justify="right")
    table.add_column("warnings", justify="right")
    for name, counts in summary["tables"].items():
        table.add_row(
            name,
            f"{counts['read']:,}",
            f"{counts['kept']:,}",
            f"{counts['rejected']:,}",
            f"{counts['warnings']:,}",
        )
    console.print(table)
    occ = Table(title="occupation normalisation (share of rows)")
    occ.add_column("table")
    for status in ("ok", "needs_review", "unknown"):
        occ.add_column(status, justify="right")
    for name, shares in summary["occupation_status"].items():
        occ.add_row(
            name, *(f"{100 * shares.get(s, 0.0):.1f} %" for s in ("ok", "needs_review", "unknown"))
        )
    console.print(occ)
    console.print(f"written to {paths['run'].parent}: " + ", ".join(p.name for p in paths.values()))


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CliError(f"--as-of must be a date YYYY-MM-DD, not {value!r}", EXIT_USAGE) from exc


def _inputs(candidates: Path | None, job_orders: Path | None) -> tuple[Path, Path]:
    from matching.paths import sample_dir

    return (
        candidates or sample_dir() / "candidates.csv",
        job_orders or sample_dir() / "job_orders.csv",
    )


def _prepared(candidates: Path, job_orders: Path, quotas: Path | None, out: Path) -> Any:
    """Read, validate and normalise; exit 4 (with errors.csv written) when nothing valid remains."""
    from matching.pipeline import prepare as run_prepare

    prepared = _guard(lambda: run_prepare(candidates, job_orders, quotas, progress=_progress))
    if prepared.candidates.empty or prepared.job_orders.empty:
        out.mkdir(parents=True, exist_ok=True)
        prepared.errors.to_csv(out / "errors.csv", index=False)
        raise CliError(
            f"no valid candidate or job-order row remains; see {out / 'errors.csv'}",
            EXIT_NOTHING_VALID,
        )
    return prepared


@contextmanager
def _block_progress() -> Iterator[Callable[[int, int], None]]:
    """A progress bar on stderr over the blocks being scored; yields the callback."""
    from rich.progress import Progress

    with Progress(console=console, transient=True) as bar:
        task = bar.add_task("scoring job orders", total=None)

        def tick(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        yield tick


def _load_model(path: Path | None) -> Any:
    if path is None:
        return None
    from matching.score import LearnedScorer, ModelError

    try:
        return LearnedScorer.load(path)
    except ModelError as exc:
        raise CliError(str(exc), EXIT_USAGE) from exc


CandidatesOpt = Annotated[
    Path | None, typer.Option("--candidates", help="Candidates CSV/XLSX (default: bundled sample).")
]
JobOrdersOpt = Annotated[
    Path | None, typer.Option("--job-orders", help="Job orders CSV/XLSX (default: bundled sample).")
]
AsOfOpt = Annotated[
    str | None, typer.Option("--as-of", help="Run date YYYY-MM-DD (default: today).")
]
ModelOpt = Annotated[
    Path | None, typer.Option("--model", help="Learned scorer from `padupadan train`.")
]
TopKOpt = Annotated[
    int | None,
    typer.Option(
        "--top-k", min=1, help="Candidates kept per job order (default max(3 x slots, 20))."
    ),
]
MinScoreOpt = Annotated[
    float | None,
    typer.Option(
        "--min-score", min=0.0, max=1.0, help="Minimum default-combiner score (default 0.5)."
    ),
]


@app.command("score")
def score_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out/score"),
    candidates: CandidatesOpt = None,
    job_orders: JobOrdersOpt = None,
    model: ModelOpt = None,
    as_of: AsOfOpt = None,
    top_k: TopKOpt = None,
    min_score: MinScoreOpt = None,
) -> None:
    """Eligibility, scoring and top-K selection: pairs.csv, exclusions.csv, errors.csv, run.json."""
    from matching.pipeline import score as run_score

    run_date = _as_of(as_of)
    scorer = _load_model(model)
    cand, jobs = _inputs(candidates, job_orders)
    prepared = _prepared(cand, jobs, None, out)
    with _block_progress() as tick:
        scored = run_score(
            prepared,
            run_date,
            top_k=top_k,
            min_score=min_score,
            model=scorer,
            model_path=str(model) if model else None,
            progress=tick,
        )
    paths = scored.write(out)
    stats = scored.selection.stats
    table = Table(
        title=f"padupadan score (as of {run_date}, rules {scored.parameters['rule_set_version']})"
    )
    table.add_column("measure")
    table.add_column("value", justify="right")
    for key in (
        "candidates",
        "candidates_eligible",
        "job_orders",
        "job_orders_matchable",
        "pairs_evaluated",
        "pairs_eligible",
        "pairs_kept",
    ):
        table.add_row(key.replace("_", " "), f"{int(stats[key]):,}")
    console.print(table)
    console.print(f"written to {out}: " + ", ".join(p.name for p in paths.values()))
    if prepared.candidates.empty or prepared.job_orders.empty:
        raise CliError(
            "no valid candidate or job-order row remains; see errors.csv", EXIT_NOTHING_VALID
        )


@app.command("match")
def match_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Output folder.")] = Path("out/match"),
    candidates: CandidatesOpt = None,
    job_orders: JobOrdersOpt = None,
    quotas: Annotated[
        Path | None,
        typer.Option(
            "--quotas",
            help="Quotas CSV/XLSX (default: the bundled sample's, when the "
            "candidates and job orders are the bundled sample too).",
        ),
    ] = None,
    model: ModelOpt = None,
    as_of: AsOfOpt = None,
    top_k: TopKOpt = None,
    min_score: MinScoreOpt = None,
    solver: Annotated[
        str,
        typer.Option("--solver", help="auto (min-cost flow when laminar), min_cost_flow, cp_sat"),
    ] = "auto",
    time_limit: Annotated[
        float, typer.Option("--time-limit", min=1.0, help="Solver seconds.")
    ] = 120.0,
    p3mi_capacity: Annotated[
        Path | None,
        typer.Option("--p3mi-capacity", help="CSV/XLSX with p3mi_id, capacity (max candidates)."),
    ] = None,
    min_share: Annotated[
        list[str] | None,
        typer.Option(
            "--min-share",
            help="COLUMN=VALUE:SHARE, e.g. gender=F:0.4 or province=NTB:0.1 (repeatable).",
        ),
    ] = None,
) -> None:
    """The directorate's run: normalise -> eligibility -> score -> assign -> kesesuaian KPI."""
    from matching.paths import sample_dir
    from matching.pipeline import match as run_match

    if solver not in ("auto", "min_cost_flow", "cp_sat"):
        raise CliError(
            f"--solver must be auto, min_cost_flow or cp_sat, not {solver!r}", EXIT_USAGE
        )
    run_date = _as_of(as_of)
    scorer = _load_model(model)
    shares = _parse_shares(min_share or [])
    capacities = _guard(lambda: _read_capacities(p3mi_capacity)) if p3mi_capacity else None
    if (shares or capacities) and solver == "min_cost_flow":
        raise CliError("--p3mi-capacity and --min-share need --solver auto or cp_sat", EXIT_USAGE)
    cand, jobs = _inputs(candidates, job_orders)
    if quotas is None and candidates is None and job_orders is None:
        quotas = sample_dir() / "quotas.csv"
    prepared = _prepared(cand, jobs, quotas, out)
    with _block_progress() as tick:
        result = run_match(
            prepared,
            run_date,
            top_k=top_k,
            min_score=min_score,
            model=scorer,
            model_path=str(model) if model else None,
            solver=solver,
            time_limit=time_limit,
            p3mi_capacity=capacities,
            min_share=shares,
            progress=tick,
        )
    paths = result.write(out)
    _print_match_summary(result.metrics, result.run_info())
    console.print(f"written to {out}: " + ", ".join(p.name for p in paths.values()))


def _parse_shares(values: list[str]) -> list[Any]:
    """'gender=F:0.4' -> ShareConstraint('gender', 'F', 0.4)."""
    from matching.assign import ShareConstraint

    out = []
    for raw in values:
        try:
            left, share = raw.rsplit(":", 1)
            column, value = left.split("=", 1)
            fraction = float(share)
        except ValueError as exc:
            raise CliError(
                f"--min-share must look like gender=F:0.4, not {raw!r}", EXIT_USAGE
            ) from exc
        if column not in ("gender", "province", "regency"):
            raise CliError(
                f"--min-share column must be gender, province or regency, not {column!r}",
                EXIT_USAGE,
            )
        if not 0.0 <= fraction <= 1.0:
            raise CliError(f"--min-share share must be between 0 and 1, not {fraction}", EXIT_USAGE)
        out.append(
            ShareConstraint(column=column, value=value.strip().strip("'\""), min_share=fraction)
        )
    return out


def _read_capacities(path: Path) -> dict[str, int]:
    from matching.io import read_table

    raw, _ = read_table(path, expected=("p3mi_id", "capacity"), required=("p3mi_id", "capacity"))
    caps = pd.to_numeric(raw["capacity"], errors="coerce")
    bad = caps.isna() | (caps < 0)
    if bad.any():
        rows = ", ".join(str(r) for r in raw.loc[bad, "_row"].head(5))
        raise CliError(f"{path}: capacity must be a whole number >= 0 (rows {rows})", EXIT_INPUT)
    return dict(zip(raw["p3mi_id"].astype(str).str.strip(), caps.astype(int), strict=True))


def _print_match_summary(metrics: dict[str, Any], run: dict[str, Any]) -> None:
    a = run["assignment"]
    kpi = Table(title=f"kesesuaian as of {metrics['as_of']} (rules {metrics['rule_set_version']})")
    kpi.add_column("measure")
    kpi.add_column("value", justify="right")
    rate = metrics["kesesuaian_rate"]
    target = metrics["target"]
    kpi.add_row("kesesuaian rate", "n/a" if rate is None else f"{rate:.2f} %")
    kpi.add_row("target this year", "n/a" if target is None else f"{target:.0f} %")
    for key in (
        "open_slots",
        "blocked_slots",
        "filled_slots",
        "available_candidates",
        "matched_candidates",
    ):
        kpi.add_row(key.replace("_", " "), f"{metrics[key]:,}")
    kpi.add_row(
        "solver",
        f"{a['solver']} {a['status']}" + ("" if a["proven_optimal"] else " (NOT proven optimal)"),
    )
    kpi.add_row(
        "optimum vs greedy (filled)",
        f"{a['objective']['filled_slots']:,} vs {a['greedy_objective']['filled_slots']:,}",
    )
    console.print(kpi)
    by = Table(title="filled vs open slots by destination")
    by.add_column("country")
    by.add_column("open", justify="right")
    by.add_column("blocked", justify="right")
    by.add_column("filled", justify="right")
    by.add_column("rate", justify="right")
    for row in metrics["breakdowns"]["country"][:12]:
        by.add_row(
            str(row["country_iso2"]),
            f"{row['open_slots']:,}",
            f"{row['blocked_slots']:,}",
            f"{row['filled_slots']:,}",
            f"{row['kesesuaian_rate']:.1f} %",
        )
    console.print(by)


@app.command("train")
def train_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Model file to write.")],
    history: Annotated[
        Path | None,
        typer.Option("--history", help="Past matches with outcomes (default: bundled sample)."),
    ] = None,
    candidates: CandidatesOpt = None,
    job_orders: JobOrdersOpt = None,
    as_of: AsOfOpt = None,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Fit a calibrated scorer on past matches; report held-out AUC and Brier score beside the
    default combiner's. Candidates and job orders default to the files beside the history file."""
    from matching.paths import sample_dir
    from matching.pipeline import prepare as run_prepare
    from matching.train import train, training_data

    hist = history or sample_dir() / "history.csv"
    cand = candidates or hist.parent / "candidates.csv"
    jobs = job_orders or hist.parent / "job_orders.csv"
    run_date = _as_of(as_of) if as_of else date(2026, 1, 15) if history is None else _as_of(None)
    prepared = _guard(lambda: run_prepare(cand, jobs, None, progress=_progress))
    data = _guard(lambda: training_data(prepared, hist, run_date))
    scorer = _guard(lambda: train(data, random_state=seed))
    scorer.save(out)
    m = scorer.metrics_
    table = Table(
        title=f"learned scorer -> {out} ({int(m['n_train']):,} train / {int(m['n_test']):,} held out)"
    )
    table.add_column("scorer")
    table.add_column("AUC", justify="right")
    table.add_column("Brier", justify="right")
    table.add_row("learned (calibrated)", f"{m['auc_model']:.3f}", f"{m['brier_model']:.3f}")
    table.add_row("default combiner", f"{m['auc_default']:.3f}", f"{m['brier_default']:.3f}")
    console.print(table)
    if len(data.errors):
        err_path = out.with_suffix(".errors.csv")
        data.errors.to_csv(err_path, index=False)
        console.print(f"{len(data.errors):,} history problems reported in {err_path}")


@app.command("version")
def version() -> None:
    """Print the version."""
    typer.echo(json.dumps({"padupadan": __version__}))


def main() -> None:
    """Console-script entry point: typer handles usage errors (exit 2) and --help; CliError becomes
    a one-line message with its exit code; anything else is an internal error without traceback."""
    try:
        app()
    except CliError as exc:
        console.print(f"[bold red]error:[/] {exc}")
        sys.exit(exc.code)
    except Exception as exc:
        if os.environ.get("PADUPADAN_DEBUG"):
            raise
        console.print(
            f"[bold red]internal error:[/] {type(exc).__name__}: {exc}"
            " (set PADUPADAN_DEBUG=1 for the traceback)"
        )
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()
