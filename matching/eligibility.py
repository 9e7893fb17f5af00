"""Hard eligibility and protection rules, applied on arrays before any score.

Three levels, each with machine-readable reason codes:

- candidate: ``candidate_not_available``, ``medical_unfit``, ``under_minimum_age``,
  ``candidate_occupation_unknown`` — excluded from every job order;
- job order: ``job_order_unverified``, ``job_order_expired`` (not open), then for open ones the
  destination protection rules (``below_minimum_wage``, ``minimum_wage_unverifiable``,
  ``domestic_not_spsk``) and the unmatchable ``job_order_occupation_unknown`` /
  ``job_order_country_unknown`` — blocked as a whole;
- pair: ``occupation_different_submajor``, ``country_not_preferred``, ``age_out_of_range``,
  ``gender_mismatch``, ``education_below_minimum``, ``experience_below_minimum``,
  ``certificate_missing``, ``language_below_requirement`` and the protection requirements
  ``ssw_care_japanese_required`` and ``eps_topik_required``.

Pair rules are written once, on broadcastable arrays, through a *view* (``Grid`` for a block of
job orders x candidates, ``Aligned`` for arbitrary pairs); both evaluate the same expressions.
The rule values and their sources are in ``data/rules/ruleset.yaml`` (``matching.rules``).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from matching.encode import CandidateArrays, Encoder, JobOrderArrays
from matching.rules import RuleSet

# Candidate-level reasons, in the order they are checked (first failing one is reported).
CANDIDATE_NOT_AVAILABLE = "candidate_not_available"
MEDICAL_UNFIT = "medical_unfit"
UNDER_MINIMUM_AGE = "under_minimum_age"
CANDIDATE_OCCUPATION_UNKNOWN = "candidate_occupation_unknown"
# Job-order-level reasons.
JOB_ORDER_UNVERIFIED = "job_order_unverified"
JOB_ORDER_EXPIRED = "job_order_expired"
JOB_ORDER_OCCUPATION_UNKNOWN = "job_order_occupation_unknown"
JOB_ORDER_COUNTRY_UNKNOWN = "job_order_country_unknown"
MINIMUM_WAGE_UNVERIFIABLE = "minimum_wage_unverifiable"
# Pair-level reasons.
OCCUPATION_DIFFERENT_SUBMAJOR = "occupation_different_submajor"
COUNTRY_NOT_PREFERRED = "country_not_preferred"
AGE_OUT_OF_RANGE = "age_out_of_range"
GENDER_MISMATCH = "gender_mismatch"
EDUCATION_BELOW_MINIMUM = "education_below_minimum"
EXPERIENCE_BELOW_MINIMUM = "experience_below_minimum"
CERTIFICATE_MISSING = "certificate_missing"
LANGUAGE_BELOW_REQUIREMENT = "language_below_requirement"
BELOW_MINIMUM_SCORE = "below_minimum_score"


class View(Protocol):
    """How job-order and candidate arrays meet: as a grid (m x n) or aligned pairs (p,)."""

    def jo(self, values: np.ndarray) -> np.ndarray: ...
    def cand(self, values: np.ndarray) -> np.ndarray: ...
    def held(self, table: np.ndarray, column: np.ndarray) -> np.ndarray: ...
    def dot(self, left: np.ndarray, right: np.ndarray) -> np.ndarray: ...
    def lookup(self, matrix: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray: ...


class Grid:
    """Every job order of a block against every candidate: results have shape (m, n)."""

    def jo(self, values: np.ndarray) -> np.ndarray:
        return values[:, None] if values.ndim == 1 else values[:, None, :]

    def cand(self, values: np.ndarray) -> np.ndarray:
        return values[None, :] if values.ndim == 1 else values[None, :, :]

    def held(self, table: np.ndarray, column: np.ndarray) -> np.ndarray:
        """table (n, L) candidate levels; column (m,) language per job order -> (m, n)."""
        return table[:, np.maximum(column, 0)].T

    def dot(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        result: np.ndarray = left @ right.T
        return result

    def lookup(self, matrix: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        return matrix[row[:, None], col[None, :]]


class Aligned:
    """Pair i = job order row i with candidate row i: results have shape (p,)."""

    def jo(self, values: np.ndarray) -> np.ndarray:
        return values

    def cand(self, values: np.ndarray) -> np.ndarray:
        return values

    def held(self, table: np.ndarray, column: np.ndarray) -> np.ndarray:
        return table[np.arange(len(table)), np.maximum(column, 0)]

    def dot(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        return np.einsum("ij,ij->i", left, right)

    def lookup(self, matrix: np.ndarray, row: np.ndarray, col: np.ndarray) -> np.ndarray:
        return matrix[row, col]


@dataclass(frozen=True)
class Requirement:
    """One protection rule's demand on candidates, for the job orders it ``applies`` to (m,)."""

    reason: str  # the rule's reason code, from the rule set
    applies: np.ndarray  # bool (m,)
    language: int = -1  # language index that must be shown by a test, -1 none
    cefr: float = 0.0  # at least this level on the common scale
    eps_topik: bool = False  # an EPS-TOPIK result is needed

    def take(self, rows: np.ndarray) -> Requirement:
        return replace(self, applies=self.applies[rows])


@dataclass(frozen=True)
class Protection:
    """Requirements added to candidates by destination protection rules."""

    requirements: tuple[Requirement, ...]

    def take(self, rows: np.ndarray) -> Protection:
        return Protection(tuple(r.take(rows) for r in self.requirements))


def candidate_reasons(c: CandidateArrays, rules: RuleSet) -> np.ndarray:
    """First failing candidate-level rule per candidate ("" = eligible), shape (n,)."""
    reason = np.full(len(c), "", dtype=object)
    checks = [
        (c.isco < 0, CANDIDATE_OCCUPATION_UNKNOWN),
        (c.age < rules.minimum_age, UNDER_MINIMUM_AGE),  # UU 18/2017: a PMI is at least 18
        (c.medical == rules.medical_excludes, MEDICAL_UNFIT),  # pending is not disqualifying
        (c.status != rules.status_required, CANDIDATE_NOT_AVAILABLE),
    ]
    # Later checks overwrite earlier ones, so the list runs from least to most basic.
    for failed, code in checks:
        reason[np.asarray(failed, dtype=bool)] = code
    # An unknown age cannot prove the minimum age.
    reason[np.isnan(c.age) & (reason == "")] = UNDER_MINIMUM_AGE
    return reason


def job_order_reasons(j: JobOrderArrays, rules: RuleSet, as_of: date) -> pd.DataFrame:
    """Per job order: ``open`` (verified and unexpired on the run date) and ``reason`` ("" when it
    can be matched). Shape (m, 2), index = position."""
    today = np.datetime64(as_of, "D")
    expired = np.isnat(j.valid_until) | (j.valid_until < today)
    unverified = ~j.verified
    reason = np.full(len(j), "", dtype=object)
    reason[j.country < 0] = JOB_ORDER_COUNTRY_UNKNOWN
    reason[j.isco < 0] = JOB_ORDER_OCCUPATION_UNKNOWN
    for rule in rules.protection:
        applies = _applies(j, rule.country, rule.sectors, rule.schemes)
        if rule.wage_schedule:
            minimum = rule.minimum_wage(as_of)
            if minimum is not None:
                # The wage in force on the run date; another currency cannot be checked.
                unverifiable = applies & ((j.currency != rule.wage_currency) | np.isnan(j.salary))
                below = applies & ~unverifiable & (j.salary < minimum)
                reason[below] = rule.reason
                reason[unverifiable] = MINIMUM_WAGE_UNVERIFIABLE
        if rule.allowed_schemes:
            reason[applies & ~np.isin(j.scheme, list(rule.allowed_schemes))] = rule.reason
    if rules.must_be_unexpired:
        reason[expired] = JOB_ORDER_EXPIRED
    if rules.must_be_verified:
        reason[unverified] = JOB_ORDER_UNVERIFIED
    is_open = ~((expired & rules.must_be_unexpired) | (unverified & rules.must_be_verified))
    return pd.DataFrame({"open": is_open, "reason": reason})


def protection_requirements(j: JobOrderArrays, rules: RuleSet, encoder: Encoder) -> Protection:
    """The protection rules that put a requirement on candidates (a language, an EPS-TOPIK
    result), with the job orders each applies to."""
    out = []
    for rule in rules.protection:
        wants_language = rule.language is not None and rule.language_cefr is not None
        if not (wants_language or rule.eps_topik_required):
            continue
        out.append(
            Requirement(
                reason=rule.reason,
                applies=_applies(j, rule.country, rule.sectors, rule.schemes),
                language=encoder.languages_.get(rule.language or "", -1) if wants_language else -1,
                cefr=float(rule.language_cefr or 0.0),
                eps_topik=rule.eps_topik_required,
            )
        )
    return Protection(tuple(out))


def _applies(
    j: JobOrderArrays, country: str | None, sectors: tuple[str, ...], schemes: tuple[str, ...]
) -> np.ndarray:
    mask = np.ones(len(j), dtype=bool)
    if country:
        mask &= j.country_iso2 == country
    if sectors:
        mask &= np.isin(j.sector, list(sectors))
    if schemes:
        mask &= np.isin(j.scheme, list(schemes))
    return mask


def language_groups(
    v: View, j: JobOrderArrays, c: CandidateArrays
) -> tuple[np.ndarray, np.ndarray]:
    """Job-order language requirements against candidates.

    Each requirement group is met when any of its alternatives is: an EPS-TOPIK alternative by an
    EPS-TOPIK score >= the required score (180 meets 150, 120 does not); any other by the same
    language held at or above the required level on the common scale (JLPT N3 and JFT-Basic meet
    N4, N5 does not); an alternative naming a test needs a test result, not a self-declared level.

    Returns (all groups met: bool, mean margin over groups in [0, 1]; 1 where nothing is required),
    shaped like the view.
    """
    met: np.ndarray = np.array(True)
    margin_sum: np.ndarray = np.array(0.0, dtype=np.float32)
    count = np.zeros(len(j), dtype=np.float32)  # requirement groups per job order
    score = v.cand(c.eps_score)
    for g in range(int(j.req_group.max(initial=-1)) + 1):
        g_met: np.ndarray = np.array(False)
        g_margin: np.ndarray = np.array(0.0, dtype=np.float32)
        has_group = np.zeros(len(j), dtype=bool)
        for r in range(j.req_language.shape[1]):
            active = (j.req_group[:, r] == g) & (j.req_language[:, r] >= 0)
            if not active.any():
                continue
            has_group |= active
            lang, tested = j.req_language[:, r], v.jo(j.req_tested[:, r])
            need, eps = v.jo(j.req_level[:, r]), v.jo(j.req_eps[:, r])
            level = np.where(tested, v.held(c.language_tested, lang), v.held(c.language, lang))
            ok = np.where(eps, score >= need, level >= need) & v.jo(active)
            mg = np.where(eps, 0.5 + (score - need) / 100.0, 0.5 + (level - need) / 4.0)
            g_met = g_met | ok
            g_margin = np.maximum(g_margin, np.where(ok, np.clip(mg, 0.0, 1.0), 0.0))
        if not has_group.any():
            continue
        count += has_group
        met = met & (g_met | ~v.jo(has_group))
        margin_sum = margin_sum + g_margin * v.jo(has_group.astype(np.float32))
    count_v = v.jo(count)
    margin = np.where(count_v > 0, margin_sum / np.maximum(count_v, 1), 1.0)
    return met, margin.astype(np.float32)


def pair_masks(
    v: View,
    j: JobOrderArrays,
    c: CandidateArrays,
    prot: Protection,
    languages: tuple[np.ndarray, np.ndarray] | None = None,
) -> dict[str, np.ndarray]:
    """Every pair rule as a boolean 'passes' array shaped like the view (True = rule satisfied).

    Occupation and country blocking are applied before (``matching.select``), so they are not here.
    """
    age = v.cand(c.age)
    age_min, age_max = v.jo(j.age_min), v.jo(j.age_max)
    req_gender = v.jo(j.gender)
    lang_met, _ = languages if languages is not None else language_groups(v, j, c)
    req_words = np.flatnonzero(j.certificates.any(axis=0))
    required = v.jo(j.certificates[:, req_words])
    missing = np.bitwise_and(required, np.bitwise_not(v.cand(c.certificates[:, req_words])))
    missing = missing.any(axis=-1)
    masks = {
        # The job order's age range, in whole years on the run date.
        AGE_OUT_OF_RANGE: (np.isnan(age_min) | (age >= age_min))
        & (np.isnan(age_max) | (age < age_max + 1)),
        # Gender only when the job order says so (blank = any).
        GENDER_MISMATCH: (req_gender == 0) | (req_gender == v.cand(c.gender)),
        # Education on the ladder SD < SMP < SMA = SMK < D1 .. S3; unknown cannot prove it.
        EDUCATION_BELOW_MINIMUM: (v.jo(j.education_min) < 0)
        | (v.cand(c.education) >= v.jo(j.education_min)),
        EXPERIENCE_BELOW_MINIMUM: v.cand(c.experience) >= v.jo(j.experience_min),
        # Every required certificate held.
        CERTIFICATE_MISSING: ~missing,
        LANGUAGE_BELOW_REQUIREMENT: lang_met,
    }
    # Destination protection (rule set): e.g. Japan SSW care needs Japanese A2 shown by a test
    # (JLPT N4 / JFT-Basic); Korea EPS needs an EPS-TOPIK result. Keyed by the rule's reason code.
    for req in prot.requirements:
        passes = ~v.jo(req.applies)
        if req.language >= 0:
            passes = passes | (v.cand(c.language_tested[:, req.language]) >= req.cefr)
        if req.eps_topik:
            passes = passes | (v.cand(c.eps_score) > 0)
        masks[req.reason] = masks[req.reason] & passes if req.reason in masks else passes
    return masks


def title_similarity(
    v: View, encoder: Encoder, j_title: np.ndarray, c_title: np.ndarray
) -> np.ndarray:
    """rapidfuzz similarity of the cleaned titles in [0, 1], computed once per unique title pair
    (``cdist`` over the unique titles on each side), then gathered into the view's shape."""
    names = encoder.title_names_
    ju, jinv = np.unique(np.maximum(j_title, 0), return_inverse=True)
    cu, cinv = np.unique(np.maximum(c_title, 0), return_inverse=True)
    sim = process.cdist(
        [names[i] for i in ju],
        [names[i] for i in cu],
        scorer=fuzz.token_sort_ratio,
        workers=-1,
        dtype=np.uint8,
    )
    return v.lookup(sim, jinv.ravel(), cinv.ravel()).astype(np.float32) / 100.0
