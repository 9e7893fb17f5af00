"""Pipeline stages with inspectable, exportable intermediate tables.

Stage 1, ``prepare``: read -> validate -> normalise. Later stages (eligibility, score, select,
assign, metrics) consume its ``Prepared`` tables.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from matching import __version__
from matching.encode import CandidateArrays, Encoder, JobOrderArrays
from matching.io import ReadResult, read_candidates, read_job_orders, read_quotas
from matching.metrics import kesesuaian
from matching.normalise.certificate import CertificateNormaliser
from matching.normalise.country import CountryNormaliser
from matching.normalise.language import LanguageNormaliser
from matching.normalise.occupation import OccupationNormaliser
from matching.rules import RuleSet
from matching.score import DEFAULT_MIN_SCORE, DEFAULT_WEIGHTS, LearnedScorer
from matching.select import Selection, select_pairs
from matching.shortlist import recommendations, shortlists
from models.schema import ERROR_COLUMNS, LIST_SEPARATOR

if TYPE_CHECKING:
    from matching.assign import AssignmentResult, ShareConstraint

Progress = Callable[[str], None]


@dataclass
class Normalisers:
    """The fitted normalisers, shared by every stage of one run."""

    occupation: OccupationNormaliser
    country: CountryNormaliser
    language: LanguageNormaliser
    certificate: CertificateNormaliser

    @classmethod
    def fitted(cls) -> Normalisers:
        return cls(
            OccupationNormaliser().fit(),
            CountryNormaliser().fit(),
            LanguageNormaliser().fit(),
            CertificateNormaliser().fit(),
        )


@dataclass
class Prepared:
    """Validated, normalised inputs of one run and everything reported on the way.

    Long tables hold one row per (owner id, item): ``candidate_languages`` (held languages, from the
    ``languages`` field and language tests written under ``certificates``), ``candidate_certificates``,
    ``job_order_languages`` and ``job_order_certificates`` (the requirements).
    """

    candidates: pd.DataFrame
    job_orders: pd.DataFrame
    quotas: pd.DataFrame
    candidate_languages: pd.DataFrame
    candidate_certificates: pd.DataFrame
    job_order_languages: pd.DataFrame
    job_order_certificates: pd.DataFrame
    errors: pd.DataFrame
    read_counts: dict[str, dict[str, int]]
    timings: dict[str, float] = field(default_factory=dict)
    inputs: dict[str, str | None] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        occ = {}
        for name, frame in (("candidates", self.candidates), ("job_orders", self.job_orders)):
            if len(frame):
                occ[name] = frame["occupation_status"].value_counts(normalize=True).to_dict()
            else:
                occ[name] = {}
        return {
            "padupadan": __version__,
            "inputs": self.inputs,
            "tables": self.read_counts,
            "occupation_status": occ,
            "seconds": {k: round(v, 3) for k, v in self.timings.items()},
        }

    def write(self, out: Path) -> dict[str, Path]:
        """Write every table as CSV into ``out`` plus ``run.json``; returns name -> path."""
        out.mkdir(parents=True, exist_ok=True)
        paths: dict[str, Path] = {}
        for name in (
            "candidates",
            "job_orders",
            "quotas",
            "candidate_languages",
            "candidate_certificates",
            "job_order_languages",
            "job_order_certificates",
            "errors",
        ):
            path = out / f"{name}.csv"
            getattr(self, name).to_csv(path, index=False)
            paths[name] = path
        run = out / "run.json"
        run.write_text(json.dumps(self.summary(), indent=2, default=str))
        paths["run"] = run
        return paths


def _long(parsed: pd.DataFrame, owner: pd.Series, owner_name: str) -> pd.DataFrame:
    """Attach the owner id to a long table whose ``row`` column holds the owner frame's index."""
    out = parsed.copy()
    out.insert(0, owner_name, owner.reindex(out["row"]).to_numpy())
    return out.drop(columns="row")


def _warn_rows(
    frame: pd.DataFrame, mask: pd.Series | np.ndarray, file: str, column: str, reason: str
) -> pd.DataFrame:
    sel = frame[np.asarray(mask, dtype=bool)]
    return pd.DataFrame(
        {
            "file": file,
            "row": sel["_row"].to_numpy(),
            "column": column,
            "value": sel[column].to_numpy(),
            "reason": reason,
            "severity": "warning",
        },
        columns=list(ERROR_COLUMNS),
    )


def _occupations(
    out: pd.DataFrame, norm: Normalisers, file: str
) -> tuple[pd.DataFrame, list[pd.DataFrame]]:
    """Occupation columns added in place; returns the normaliser output and its warnings."""
    occ = norm.occupation.transform(out["occupation"])
    out["isco08"] = occ["isco08"]
    out["occupation_label"] = occ["occupation_label"]
    out["occupation_confidence"] = occ["confidence"]
    out["occupation_status"] = occ["status"]
    warnings = [
        _warn_rows(
            out,
            occ["status"] == "unknown",
            file,
            "occupation",
            "occupation not recognised; no ISCO-08 code given",
        ),
        _warn_rows(
            out,
            occ["status"] == "needs_review",
            file,
            "occupation",
            "occupation matched with low confidence; needs review",
        ),
    ]
    return occ, warnings


def _languages_and_certificates(
    out: pd.DataFrame,
    norm: Normalisers,
    file: str,
    columns: tuple[str, str],
    owner: str,
) -> tuple[pd.DataFrame, pd.DataFrame, list[pd.DataFrame]]:
    """Parse a language column and a certificate column into long tables keyed by ``owner``.

    Language tests written under certificates (``JLPT N3`` in ``certificates``) count as
    languages, not certificates. Returns (languages, certificates, warnings).
    """
    lang_col, cert_col = columns
    langs = norm.language.transform(out[lang_col])
    certs = norm.certificate.transform(out[cert_col])
    is_lang_test = certs["kind"] == "language_test"
    if is_lang_test.any():
        extra = norm.language.transform(
            pd.Series(
                certs.loc[is_lang_test, "raw"].to_numpy(),
                index=certs.loc[is_lang_test, "row"].to_numpy(),
            )
        )
        langs = pd.concat([langs, extra[extra["status"] != "unknown"]], ignore_index=True)
    warnings = [
        _unknown_items(out, langs, file, lang_col, "language or level not recognised"),
        _unknown_items(out, certs, file, cert_col, "certificate not recognised"),
    ]
    return (
        _long(langs, out[owner], owner),
        _long(certs[~is_lang_test], out[owner], owner),
        warnings,
    )


def normalise_candidates(
    frame: pd.DataFrame, norm: Normalisers, file: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Add occupation and country codes; parse languages and certificates into long tables.

    Returns (candidates, languages, certificates, warnings).
    """
    out = frame.copy()
    occ, warnings = _occupations(out, norm, file)
    out["sector"] = occ["sector"]
    countries, bad_countries = _normalise_country_lists(out["preferred_countries"], norm.country)
    out["preferred_countries_iso2"] = countries
    warnings.append(
        _warn_rows(
            out,
            bad_countries,
            file,
            "preferred_countries",
            "a preferred country was not recognised and is ignored",
        )
    )
    languages, certificates, more = _languages_and_certificates(
        out, norm, file, ("languages", "certificates"), "candidate_id"
    )
    return out, languages, certificates, pd.concat(warnings + more, ignore_index=True)


def normalise_job_orders(
    frame: pd.DataFrame, norm: Normalisers, file: str
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Add occupation and country codes, derive a blank sector; parse requirements into long tables.

    Returns (job_orders, required languages, required certificates, warnings).
    """
    out = frame.copy()
    occ, warnings = _occupations(out, norm, file)
    given = out["sector"].notna()
    source = pd.Series("derived", index=out.index, dtype="str").where(occ["sector"].notna())
    out["sector_source"] = source.mask(given, "given")
    out["sector"] = out["sector"].where(given, occ["sector"])

    ctry = norm.country.transform(out["country"])
    out["country_iso2"] = ctry["country_iso2"]
    out["country_name"] = ctry["country_name"]
    out["country_status"] = ctry["status"]
    warnings += _country_warnings(out, ctry, file, "country not recognised")
    languages, certificates, more = _languages_and_certificates(
        out, norm, file, ("languages_required", "certificates_required"), "job_order_id"
    )
    return out, languages, certificates, pd.concat(warnings + more, ignore_index=True)


def _country_warnings(
    out: pd.DataFrame, ctry: pd.DataFrame, file: str, unknown_reason: str
) -> list[pd.DataFrame]:
    """Warnings for the ``country`` column: not recognised, or matched with low confidence."""
    return [
        _warn_rows(out, ctry["status"] == "unknown", file, "country", unknown_reason),
        _warn_rows(
            out,
            ctry["status"] == "needs_review",
            file,
            "country",
            "country matched with low confidence; needs review",
        ),
    ]


def normalise_quotas(
    frame: pd.DataFrame, norm: Normalisers, file: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    out = frame.copy()
    ctry = norm.country.transform(out["country"])
    out["country_iso2"] = ctry["country_iso2"]
    warn = pd.concat(
        _country_warnings(out, ctry, file, "country not recognised; quota ignored"),
        ignore_index=True,
    )
    return out, warn


def _normalise_country_lists(
    values: pd.Series, country: CountryNormaliser
) -> tuple[pd.Series, pd.Series]:
    """';'-separated country names -> ';'-joined ISO codes (NA when none); flag unrecognised items."""
    items = values.fillna("").astype(str).str.split(LIST_SEPARATOR).explode().str.strip()
    items = items[items != ""]
    if items.empty:
        return pd.Series(pd.NA, index=values.index, dtype=object), pd.Series(
            False, index=values.index
        )
    res = country.transform(items.reset_index(drop=True))
    res.index = items.index
    known = res["country_iso2"].notna()
    joined = (
        res.loc[known, "country_iso2"]
        .groupby(level=0)
        .agg(lambda s: LIST_SEPARATOR.join(dict.fromkeys(s)))
    )
    bad = (~known).groupby(level=0).any()
    return (
        joined.reindex(values.index).astype(object),
        bad.reindex(values.index, fill_value=False).astype(bool),
    )


def _unknown_items(
    owner: pd.DataFrame, parsed: pd.DataFrame, file: str, column: str, reason: str
) -> pd.DataFrame:
    bad = parsed[parsed["status"] == "unknown"]
    if bad.empty:
        return pd.DataFrame(columns=list(ERROR_COLUMNS))
    return pd.DataFrame(
        {
            "file": file,
            "row": owner["_row"].reindex(bad["row"]).to_numpy(),
            "column": column,
            "value": bad["raw"].to_numpy(),
            "reason": reason,
            "severity": "warning",
        },
        columns=list(ERROR_COLUMNS),
    )


def _counts(result: ReadResult) -> dict[str, int]:
    errors = result.errors
    warnings = int((errors["severity"] == "warning").sum()) if len(errors) else 0
    return {
        "read": len(result.frame) + len(result.rejected),
        "kept": len(result.frame),
        "rejected": len(result.rejected),
        "warnings": warnings,
    }


def prepare(
    candidates: Path,
    job_orders: Path,
    quotas: Path | None = None,
    normalisers: Normalisers | None = None,
    progress: Progress | None = None,
) -> Prepared:
    """Stage 1: read and validate the inputs, then normalise them.

    Raises ``matching.io.InputFileError`` when an input cannot be read as a table at all.
    """
    say = progress or (lambda _msg: None)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    say("reading candidates")
    cand = read_candidates(candidates)
    say("reading job orders")
    jobs = read_job_orders(job_orders)
    quota = read_quotas(quotas) if quotas is not None else None
    timings["read"] = time.perf_counter() - t

    t = time.perf_counter()
    say("fitting normalisers")
    norm = normalisers or Normalisers.fitted()
    timings["fit"] = time.perf_counter() - t

    t = time.perf_counter()
    say("normalising candidates")
    c_frame, c_langs, c_certs, c_warn = normalise_candidates(cand.frame, norm, str(candidates))
    say("normalising job orders")
    j_frame, j_langs, j_certs, j_warn = normalise_job_orders(jobs.frame, norm, str(job_orders))
    q_frame = pd.DataFrame(columns=["country", "sector", "quota", "country_iso2"])
    q_warn = pd.DataFrame(columns=list(ERROR_COLUMNS))
    if quota is not None:
        q_frame, q_warn = normalise_quotas(quota.frame, norm, str(quotas))
    timings["normalise"] = time.perf_counter() - t

    errors = pd.concat(
        [
            f
            for f in (
                cand.errors,
                c_warn,
                jobs.errors,
                j_warn,
                quota.errors if quota is not None else None,
                q_warn,
            )
            if f is not None and len(f)
        ]
        or [pd.DataFrame(columns=list(ERROR_COLUMNS))],
        ignore_index=True,
    )
    errors = errors.sort_values(["file", "row"], kind="stable").reset_index(drop=True)
    counts = {"candidates": _counts(cand), "job_orders": _counts(jobs)}
    if quota is not None:
        counts["quotas"] = _counts(quota)
    for name, warn in (("candidates", c_warn), ("job_orders", j_warn), ("quotas", q_warn)):
        if name in counts:
            counts[name]["warnings"] += len(warn)
    return Prepared(
        candidates=c_frame,
        job_orders=j_frame,
        quotas=q_frame,
        candidate_languages=c_langs,
        candidate_certificates=c_certs,
        job_order_languages=j_langs,
        job_order_certificates=j_certs,
        errors=errors,
        read_counts=counts,
        timings=timings,
        inputs={
            "candidates": str(candidates),
            "job_orders": str(job_orders),
            "quotas": str(quotas) if quotas else None,
        },
    )


# ----------------------------------------------------------------------------- score stage


@dataclass
class Scored:
    """Stages eligibility -> score -> select on prepared inputs."""

    prepared: Prepared
    encoder: Encoder
    job_order_arrays: JobOrderArrays
    candidate_arrays: CandidateArrays
    selection: Selection
    parameters: dict[str, Any]
    timings: dict[str, float] = field(default_factory=dict)

    def run_info(self) -> dict[str, Any]:
        info = self.prepared.summary()
        info["parameters"] = self.parameters
        info["counts"] = {k: int(v) for k, v in self.selection.stats.items() if k != "seconds"}
        info["seconds"] = {
            **info["seconds"],
            **{k: round(v, 3) for k, v in self.timings.items()},
        }
        return info

    def write(self, out: Path) -> dict[str, Path]:
        """``pairs.csv``, ``exclusions.csv``, ``errors.csv``, ``run.json``."""
        out.mkdir(parents=True, exist_ok=True)
        paths = {
            "pairs": out / "pairs.csv",
            "exclusions": out / "exclusions.csv",
            "errors": out / "errors.csv",
            "run": out / "run.json",
        }
        self.selection.pairs.to_csv(paths["pairs"], index=False)
        self.selection.exclusions.to_csv(paths["exclusions"], index=False)
        self.prepared.errors.to_csv(paths["errors"], index=False)
        paths["run"].write_text(json.dumps(self.run_info(), indent=2, default=str))
        return paths


def encode(prepared: Prepared, as_of: date) -> tuple[Encoder, JobOrderArrays, CandidateArrays]:
    """Fit the shared vocabularies and encode both tables as arrays."""
    enc = Encoder().fit(
        prepared.candidates,
        prepared.job_orders,
        prepared.candidate_languages,
        prepared.job_order_languages,
        prepared.candidate_certificates,
        prepared.job_order_certificates,
    )
    jobs = enc.job_orders(
        prepared.job_orders, prepared.job_order_languages, prepared.job_order_certificates
    )
    cands = enc.candidates(
        prepared.candidates, prepared.candidate_languages, prepared.candidate_certificates, as_of
    )
    return enc, jobs, cands


def score(
    prepared: Prepared,
    as_of: date,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    model: LearnedScorer | None = None,
    model_path: str | None = None,
    rules: RuleSet | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Scored:
    """Eligibility, scoring and top-K selection over prepared inputs."""
    rules = rules or RuleSet.load()
    min_score = DEFAULT_MIN_SCORE if min_score is None else min_score
    timings: dict[str, float] = {}
    t = time.perf_counter()
    enc, jobs, cands = encode(prepared, as_of)
    timings["encode"] = time.perf_counter() - t
    t = time.perf_counter()
    selection = select_pairs(
        enc,
        jobs,
        cands,
        rules,
        as_of,
        top_k=top_k,
        min_score=min_score,
        model=model,
        progress=progress,
    )
    timings["eligibility_score_select"] = time.perf_counter() - t
    parameters = {
        "as_of": as_of.isoformat(),
        "rule_set_version": rules.version,
        "top_k": top_k if top_k is not None else "max(3 x slots, 20)",
        "min_score": min_score,
        "scorer": "learned" if model is not None else "default",
        "model": model_path,
        "weights": dict(DEFAULT_WEIGHTS),
    }
    return Scored(prepared, enc, jobs, cands, selection, parameters, timings)


# ----------------------------------------------------------------------------- match


@dataclass
class Matched:
    """The whole run: normalise -> eligibility -> score -> assign -> metrics."""

    scored: Scored
    assignment: AssignmentResult
    shortlists: pd.DataFrame
    recommendations: pd.DataFrame
    metrics: dict[str, Any]
    unmet: pd.DataFrame
    timings: dict[str, float] = field(default_factory=dict)

    def run_info(self) -> dict[str, Any]:
        info = self.scored.run_info()
        a = self.assignment
        info["assignment"] = {
            "solver": a.solver,
            "status": a.status,
            "proven_optimal": a.proven_optimal,
            "message": a.message,
            "objective": {"filled_slots": a.filled, "total_score": round(a.total_score, 4)},
            "greedy_objective": {
                "filled_slots": a.greedy_filled,
                "total_score": round(a.greedy_score, 4),
            },
            "solver_seconds": {k: round(v, 3) for k, v in a.seconds.items()},
        }
        info["seconds"] = {**info["seconds"], **{k: round(v, 3) for k, v in self.timings.items()}}
        return info

    def write(self, out: Path) -> dict[str, Path]:
        paths = self.scored.write(out)
        more = {
            "assignments": out / "assignments.csv",
            "shortlists": out / "shortlists.csv",
            "recommendations": out / "recommendations.csv",
            "unmet_demand": out / "unmet_demand.csv",
            "metrics": out / "metrics.json",
        }
        self.assignment.assignments.to_csv(more["assignments"], index=False)
        self.shortlists.to_csv(more["shortlists"], index=False)
        self.recommendations.to_csv(more["recommendations"], index=False)
        self.unmet.to_csv(more["unmet_demand"], index=False)
        more["metrics"].write_text(json.dumps(self.metrics, indent=2, default=str))
        paths["run"].write_text(json.dumps(self.run_info(), indent=2, default=str))
        return paths | more


def match(
    prepared: Prepared,
    as_of: date,
    *,
    top_k: int | None = None,
    min_score: float | None = None,
    model: LearnedScorer | None = None,
    model_path: str | None = None,
    rules: RuleSet | None = None,
    solver: str = "auto",
    time_limit: float = 120.0,
    p3mi_capacity: dict[str, int] | None = None,
    min_share: list[ShareConstraint] | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Matched:
    """Score, then assign optimally under slots and quotas, then shortlists and the KPI.

    ``p3mi_capacity`` (max candidates per P3MI) and ``min_share`` (e.g. at least 40 % women, or
    from a province) are not laminar: with either, the assignment runs on CP-SAT.
    """
    from matching.assign import assign  # OR-Tools loads only when a run assigns

    rules = rules or RuleSet.load()
    scored = score(
        prepared,
        as_of,
        top_k=top_k,
        min_score=min_score,
        model=model,
        model_path=model_path,
        rules=rules,
        progress=progress,
    )
    timings: dict[str, float] = {}
    t = time.perf_counter()
    jobs = prepared.job_orders
    quotas = None
    if len(prepared.quotas):
        quotas = prepared.quotas.loc[
            prepared.quotas["country_iso2"].notna(), ["country_iso2", "sector", "quota"]
        ]
    assignment = assign(
        scored.selection.pairs[["candidate_id", "job_order_id", "score"]],
        jobs[["job_order_id", "slots", "country_iso2", "sector", "p3mi_id"]],
        quotas,
        p3mi_capacity=p3mi_capacity,
        min_share=min_share,
        candidate_groups=prepared.candidates[["candidate_id", "province", "regency", "gender"]]
        if min_share
        else None,
        solver=solver,  # type: ignore[arg-type]
        time_limit=time_limit,
    )
    timings["assign"] = time.perf_counter() - t
    t = time.perf_counter()
    pairs = scored.selection.pairs
    short = shortlists(pairs, jobs, assignment.assignments)
    recs = recommendations(pairs, assignment.assignments, jobs)
    timings["shortlists"] = time.perf_counter() - t
    t = time.perf_counter()
    sel_c = scored.selection.candidates
    usable = set(sel_c.loc[sel_c["usable"], "candidate_id"])
    metrics, unmet = kesesuaian(
        jobs,
        prepared.candidates,
        scored.selection.job_orders,
        usable,
        assignment.assignments,
        scored.selection.exclusions,
        rules,
        as_of,
    )
    timings["metrics"] = time.perf_counter() - t
    return Matched(scored, assignment, short, recs, metrics, unmet, timings)
