"""Normaliser quality and speed benchmark (issue 3, section 4).

Prints, and with ``--record`` appends to ``benchmarks/RESULTS.md``:

- top-1 ISCO-08 unit-group accuracy on the labelled PMI title sets (``tests/data/pmi_titles_*.csv``:
  the held-out sets, never studied, and the development sets, see ``HELD_OUT``) and on the
  ILO-style English index (``tests/data/ilo_style_titles.csv``); a row without a code
  (status ``unknown``) counts as wrong;
- ESCO labels held out from fitting, k-fold: each fold's labels (and every other label with the same
  cleaned text) are removed from the fit, so a label is never its own alias; a label that ESCO maps to
  several codes counts as right on any of them;
- destination country names including misspellings (``tests/data/country_names.csv``);
- speed: 500,000 titles with realistic repetition (the sample generator's candidate and job-order
  titles) normalised end to end.

Usage: ``python benchmarks/bench_normalise.py [--folds 5] [--esco-sample 4000] [--rows 500000] [--record]``
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd

from matching.normalise.country import CountryNormaliser
from matching.normalise.occupation import OccupationNormaliser
from matching.normalise.text import clean_text
from matching.paths import reference_dir

ROOT = Path(__file__).resolve().parent.parent
TESTDATA = ROOT / "tests" / "data"
# Labelled PMI title sets (tests/data/). Each was written independently of the normaliser; a set
# is "held out" until its errors are studied, then it moves to DEVELOPMENT for good.
HELD_OUT = [f"pmi_titles_holdout{n}.csv" for n in (12, 13, 14, 15)]
DEVELOPMENT = [
    "pmi_titles_labelled.csv",
    *(f"pmi_titles_holdout{n}.csv" for n in ("", 2, 3, 4, 5, 6, 7, 8, 9, 10, 11)),
]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo") as fh:
            kb = int(fh.readline().split()[1])
        mem = f", {kb / 1024**2:.0f} GiB"
    except OSError:
        pass
    cpu = platform.processor() or platform.machine()
    return f"{os.cpu_count()} cores{mem}, {cpu}, Python {platform.python_version()}"


def title_accuracy(norm: OccupationNormaliser, path: Path) -> dict[str, float]:
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    pred = norm.transform(data["title"])
    right = (pred["isco08"] == data["isco08"]).to_numpy()
    coded = pred["isco08"].notna().to_numpy()
    out = {
        "n": float(len(data)),
        "accuracy": float(right.mean()),
        "coded_share": float(coded.mean()),
        "precision_when_coded": float(right[coded].mean()) if coded.any() else 0.0,
        "minor_group_accuracy": float(
            (pred["isco08"].fillna("").str[:3] == data["isco08"].str[:3]).mean()
        ),
    }
    if "sector" in data:
        out["sector_accuracy"] = float((pred["sector"] == data["sector"]).mean())
    wrong = data.assign(pred=pred["isco08"], conf=pred["confidence"], st=pred["status"])[~right]
    out["_wrong"] = wrong  # type: ignore[assignment]
    out["_right"] = right  # type: ignore[assignment]
    return out


def esco_heldout(folds: int, sample: int, seed: int = 0) -> dict[str, float]:
    ref = reference_dir()
    esco = pd.read_csv(ref / "esco_occupation_titles.csv", dtype=str)
    esco["key"] = [clean_text(t) for t in esco["title"]]
    codes_of_key = esco.groupby("key")["isco08"].agg(set)
    rng = np.random.default_rng(seed)
    keys = esco["key"].drop_duplicates().to_numpy()
    chosen = rng.choice(keys, size=min(sample, len(keys)), replace=False)
    fold_of = dict(zip(chosen, np.arange(len(chosen)) % folds, strict=True))
    right = 0
    total = 0
    for fold in range(folds):
        held = {k for k, f in fold_of.items() if f == fold}
        norm = OccupationNormaliser().fit(esco[~esco["key"].isin(held)].drop(columns="key"))
        # The curated layer must not leak a held-out label either.
        norm.alias_index_ = {k: v for k, v in norm.alias_index_.items() if k not in held}
        queries = pd.Series(sorted(held))
        pred = norm.transform(queries)
        ok = [p in codes_of_key[q] for q, p in zip(queries, pred["isco08"], strict=True)]
        right += int(np.sum(ok))
        total += len(queries)
    return {"n": float(total), "accuracy": right / total}


def country_accuracy(path: Path) -> dict[str, float]:
    data = pd.read_csv(path, dtype=str, keep_default_na=False)
    pred = CountryNormaliser().fit().transform(data["name"])
    right = (
        pred["country_iso2"].astype("object").fillna("").to_numpy() == data["iso2"].str.upper()
    ).to_numpy(dtype=bool)
    wrong = data[~right].assign(pred=pred["country_iso2"].to_numpy()[~right])
    if len(wrong):
        print(wrong.to_string())
    return {"n": float(len(data)), "accuracy": float(right.mean())}


def speed(rows: int) -> dict[str, float]:
    from matching.sample import generate_sample

    n_jobs = max(rows // 10, 1)
    data = generate_sample(rows - n_jobs, n_jobs, seed=7)
    titles = pd.concat(
        [data.candidates["occupation"], data.job_orders["occupation"]], ignore_index=True
    )
    return time_titles(titles)


def time_titles(titles: pd.Series) -> dict[str, float]:
    """Fit a fresh normaliser and transform ``titles``; rows, unique titles and seconds."""
    norm = OccupationNormaliser()
    t0 = time.perf_counter()
    norm.fit()
    t1 = time.perf_counter()
    norm.transform(titles)
    t2 = time.perf_counter()
    return {
        "rows": float(len(titles)),
        "unique": float(titles.nunique()),
        "fit_s": t1 - t0,
        "transform_s": t2 - t1,
    }


def speed_many_unique(rows: int, typo_share: float = 0.15, seed: int = 3) -> dict[str, float]:
    """Harder repetition: the generator's titles with a random one-letter edit in ``typo_share``
    of the rows, so most edited rows are new unique strings."""
    from matching.sample import generate_sample

    data = generate_sample(rows - rows // 10, rows // 10, seed=7, n_history=10)
    titles = pd.concat(
        [data.candidates["occupation"], data.job_orders["occupation"]], ignore_index=True
    ).astype(str)
    rng = np.random.default_rng(seed)
    edit = np.flatnonzero(rng.random(len(titles)) < typo_share)
    letters = "abcdefghijklmnopqrstuvwxyz"
    values = titles.to_numpy(dtype=object)
    for i, pos, ch in zip(
        edit, rng.random(len(edit)), rng.integers(0, 26, len(edit)), strict=True
    ):  # building the input only; not timed
        t = values[i]
        k = int(pos * max(len(t) - 1, 1))
        values[i] = t[:k] + letters[ch] + t[k + 1 :]
    titles = pd.Series(values)
    return time_titles(titles)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--esco-sample", type=int, default=4000)
    parser.add_argument("--rows", type=int, default=500_000)
    parser.add_argument("--record", action="store_true")
    parser.add_argument("--show-wrong", action="store_true")
    args = parser.parse_args()

    norm = OccupationNormaliser().fit()
    lines = [f"### Normalisation — {datetime.now(UTC):%Y-%m-%d} — {machine()}", ""]
    lines.append("| measure | n | result | target |")
    lines.append("|---|---:|---:|---:|")
    held_right: list[np.ndarray] = []
    for name, file, target in [
        *((f"PMI titles, held out: {f} (never studied)", f, ">= 95 %") for f in HELD_OUT),
        *((f"PMI titles, development: {f}", f, "(dev)") for f in DEVELOPMENT),
        ("ILO-style English index, top-1 unit group", "ilo_style_titles.csv", ">= 70 %"),
    ]:
        res = title_accuracy(norm, TESTDATA / file)
        if file in HELD_OUT:
            held_right.append(res["_right"])  # type: ignore[arg-type]
        extra = (
            f" (coded {100 * res['coded_share']:.1f} %, precision when coded "
            f"{100 * res['precision_when_coded']:.1f} %, minor group "
            f"{100 * res['minor_group_accuracy']:.1f} %"
        )
        if "sector_accuracy" in res:
            extra += f", sector {100 * res['sector_accuracy']:.1f} %"
        lines.append(
            f"| {name} | {int(res['n'])} | {100 * res['accuracy']:.1f} %{extra}) | {target} |"
        )
        if args.show_wrong:
            print(res["_wrong"].to_string())  # type: ignore[attr-defined]
        if file == HELD_OUT[-1]:
            right = np.concatenate(held_right)
            lines.append(
                f"| **PMI titles, all held-out sets together** | {len(right)} | "
                f"**{100 * right.mean():.1f} %** | >= 95 % |"
            )
    held = esco_heldout(args.folds, args.esco_sample)
    lines.append(
        f"| ESCO labels held out ({args.folds}-fold), top-1 unit group | {int(held['n'])} | "
        f"{100 * held['accuracy']:.1f} % | — |"
    )
    ctry = country_accuracy(TESTDATA / "country_names.csv")
    lines.append(
        f"| Destination country names incl. misspellings | {int(ctry['n'])} | "
        f"{100 * ctry['accuracy']:.1f} % | 100 % |"
    )
    sp = speed(args.rows)
    lines.append(
        f"| Speed: {int(sp['rows']):,} titles ({int(sp['unique']):,} unique) | "
        f"{int(sp['rows'])} | fit {sp['fit_s']:.1f} s + transform {sp['transform_s']:.1f} s | "
        "<= 20 s |"
    )
    sp2 = speed_many_unique(args.rows)
    lines.append(
        f"| Speed, harder: {int(sp2['rows']):,} titles ({int(sp2['unique']):,} unique; 15 % with a "
        f"random one-letter edit) | {int(sp2['rows'])} | fit {sp2['fit_s']:.1f} s + transform "
        f"{sp2['transform_s']:.1f} s | <= 20 s |"
    )
    text = "\n".join(lines) + "\n"
    print(text)
    if args.record:
        with open(ROOT / "benchmarks" / "RESULTS.md", "a") as fh:
            fh.write("\n" + text)


if __name__ == "__main__":
    main()
