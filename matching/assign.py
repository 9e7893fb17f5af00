"""One-to-one assignment of candidates (CPMI) to job-order slots: fill the most slots, then score.

The eligible pairs come from candidate generation (``matching.select``). This module picks a subset
of them such that

* each candidate gets at most one job order;
* each job order gets at most ``slots`` candidates;
* the candidates assigned to the job orders of one (country, sector) stay within that quota, and
  those assigned to the job orders of one country within the country quota (sector blank);
* optionally (non-laminar, CP-SAT only): each P3MI (placement agency) gets at most its capacity,
  and a minimum share of the assigned candidates has a given attribute (province, gender, ...).

Objective, lexicographic: first maximise the number of filled slots (the KPI K1 of DOMAIN.md §2.4
counts them), then maximise the total score. Solvers work on integers: each score is rounded to
``round(score * score_scale)`` (numpy ``rint``, half to even), so with the default scale of 1000 two
assignments whose float scores differ by less than about 0.001 per pair may tie; the reported
``total_score`` is the sum of the original float scores of the chosen pairs.

Slots inside a sector quota inside a country quota form a laminar family, so without P3MI
capacities or minimum shares the problem is a min-cost flow::

    source -(1)-> candidate -(1, cost -score)-> job order -(slots)-> [sector quota] -(quota)->
        [country quota] -(quota)-> sink

(a bracketed node is there only when that quota exists) and ``solve_max_flow_with_min_cost`` gives
exactly the maximum flow with the minimum cost among maximum flows, which is the lexicographic
optimum. A P3MI capacity cuts across countries and a share couples every pair, so those go to CP-SAT
(one boolean per pair, solved twice: maximum filled, then maximum score at that filled count).

A greedy baseline (best score first, every capacity respected) runs on the same instance so the
gain of the optimisation is visible in every run.

Pairs may repeat a (candidate, job order): the duplicates cannot both be chosen (the candidate takes
one job order) and the better score wins. Quotas naming a country or sector without job orders are
ignored; an NA quota means unlimited; several rows for one (country, sector) keep the smallest.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import pandas as pd
from ortools.graph.python import min_cost_flow
from ortools.sat.python import cp_model

SolverName = Literal["auto", "min_cost_flow", "cp_sat"]
ASSIGNMENT_COLUMNS = ["candidate_id", "job_order_id", "score"]


@dataclass(frozen=True)
class ShareConstraint:
    """At least ``min_share`` of all assigned candidates have ``candidate_groups[column] == value``.

    Enforced in whole percent: ``100 * assigned_with_value >= round(100 * min_share) * assigned``.
    """

    column: str  # attribute in candidate_groups, e.g. "province" or "gender"
    value: str
    min_share: float  # in [0, 1] of all assigned candidates

    def __post_init__(self) -> None:
        if not 0.0 <= self.min_share <= 1.0:
            raise ValueError(f"min_share must be in [0, 1], got {self.min_share}")


@dataclass
class AssignmentResult:
    """The chosen pairs and how they were found."""

    assignments: pd.DataFrame  # candidate_id, job_order_id, score: one row per assigned candidate
    solver: str  # "min_cost_flow" | "cp_sat" | "greedy"
    status: str  # "optimal" | "feasible" | "infeasible" | "time_limit" | ...
    proven_optimal: bool
    message: str  # plain words: why not optimal, if not ("" when proven optimal)
    filled: int  # assigned pairs (= filled slots)
    total_score: float  # sum of the float scores of the assigned pairs
    greedy_filled: int  # the greedy baseline on the same instance
    greedy_score: float
    seconds: dict[str, float] = field(default_factory=dict)  # build, solve, extract, greedy


@dataclass
class _Instance:
    """The instance in integer codes. P pairs, C candidates, J job orders, S sector quotas,
    N country quotas, A P3MIs with a capacity. Index -1 means "no such quota"."""

    pair_cand: np.ndarray  # (P,) int32, candidate code in 0..C-1
    pair_job: np.ndarray  # (P,) int32, row of job_orders
    pair_score: np.ndarray  # (P,) int64, round(score * score_scale)
    cand_ids: np.ndarray  # (C,) candidate ids in code order
    slots: np.ndarray  # (J,) int64
    job_sector: np.ndarray  # (J,) int32, sector-quota index or -1
    job_country: np.ndarray  # (J,) int32, country-quota index or -1
    job_p3mi: np.ndarray  # (J,) int32, P3MI-capacity index or -1
    sector_cap: np.ndarray  # (S,) int64
    sector_country: np.ndarray  # (S,) int32, country-quota index of that sector's country or -1
    country_cap: np.ndarray  # (N,) int64
    p3mi_cap: np.ndarray  # (A,) int64

    @property
    def n_pairs(self) -> int:
        return len(self.pair_cand)


# ---------------------------------------------------------------------------------------------
# Encoding
# ---------------------------------------------------------------------------------------------


def _clean(values: pd.Series, upper: bool = False) -> pd.Series:
    """Strings stripped (and upper-cased), NA as ""."""
    out = values.astype("object").where(values.notna(), "").astype(str).str.strip()
    return out.str.upper() if upper else out


def _encode(
    pairs: pd.DataFrame,
    job_orders: pd.DataFrame,
    quotas: pd.DataFrame | None,
    p3mi_capacity: dict[str, int] | None,
    score_scale: int,
) -> _Instance:
    """Factorize ids and resolve every job order to its quota and P3MI indices (all vectorised)."""
    job_ids = pd.Index(job_orders["job_order_id"])
    if not job_ids.is_unique:
        raise ValueError("job_orders has duplicate job_order_id values")
    pair_job = job_ids.get_indexer(pairs["job_order_id"])
    if (pair_job < 0).any():
        missing = int((pair_job < 0).sum())
        raise ValueError(f"{missing} pairs name a job order that is not in job_orders")
    cand_codes, cand_ids = pd.factorize(pairs["candidate_id"])
    score = pairs["score"].to_numpy(dtype=np.float64)
    if not np.isfinite(score).all():
        raise ValueError("pair scores must be finite")

    slots = job_orders["slots"].to_numpy(dtype=np.int64)
    country = _clean(job_orders["country_iso2"], upper=True)
    sector = _clean(job_orders["sector"]) if "sector" in job_orders else pd.Series("", job_ids)
    n_jobs = len(job_orders)

    # Quotas: NA quota = unlimited (dropped); several rows for one key keep the smallest.
    country_q = pd.Series(dtype=np.int64)
    sector_q = pd.Series(dtype=np.int64)
    if quotas is not None and len(quotas):
        q = quotas.loc[quotas["quota"].notna()]
        q_country = _clean(q["country_iso2"], upper=True)
        q_sector = _clean(q["sector"]) if "sector" in q else pd.Series("", q.index)
        q_quota = q["quota"].astype(np.int64)
        blank = (q_sector == "").to_numpy()
        country_q = q_quota[blank].groupby(q_country[blank].to_numpy()).min()
        sector_q = (
            q_quota[~blank]
            .groupby((q_country[~blank] + "\x1f" + q_sector[~blank]).to_numpy())
            .min()
        )
    country_q = country_q[country_q.index.isin(country.to_numpy())]  # ignore unused countries
    job_key = (country + "\x1f" + sector).to_numpy()
    sector_q = sector_q[sector_q.index.isin(job_key[(sector != "").to_numpy()])]

    job_country = country_q.index.get_indexer(pd.Index(country)).astype(np.int32)
    job_sector = np.full(n_jobs, -1, dtype=np.int32)
    has_sector = (sector != "").to_numpy()
    job_sector[has_sector] = sector_q.index.get_indexer(pd.Index(job_key[has_sector]))
    sector_country = country_q.index.get_indexer(
        pd.Index([key.split("\x1f", 1)[0] for key in sector_q.index])
    ).astype(np.int32)

    p3mi = pd.Series(p3mi_capacity or {}, dtype=np.int64)
    p3mi.index = pd.Index([str(key).strip() for key in p3mi.index])
    if len(p3mi) and "p3mi_id" not in job_orders:
        raise ValueError("p3mi_capacity needs a p3mi_id column in job_orders")
    if len(p3mi):
        job_p3mi = p3mi.index.get_indexer(pd.Index(_clean(job_orders["p3mi_id"])))
    else:
        job_p3mi = np.full(n_jobs, -1)

    return _Instance(
        pair_cand=cand_codes.astype(np.int32),
        pair_job=pair_job.astype(np.int32),
        pair_score=np.rint(score * score_scale).astype(np.int64),
        cand_ids=np.asarray(cand_ids),
        slots=slots,
        job_sector=job_sector,
        job_country=job_country,
        job_p3mi=job_p3mi.astype(np.int32),
        sector_cap=sector_q.to_numpy(dtype=np.int64),
        sector_country=sector_country,
        country_cap=country_q.to_numpy(dtype=np.int64),
        p3mi_cap=p3mi.to_numpy(dtype=np.int64),
    )


def _hop(index: np.ndarray, nodes: np.ndarray, fallback: np.ndarray | int) -> np.ndarray:
    """``nodes[index]`` where ``index >= 0``, else ``fallback`` (shape of ``index``)."""
    out = np.broadcast_to(np.asarray(fallback, dtype=np.int64), index.shape).copy()
    has = index >= 0
    out[has] = nodes[index[has]]
    return out


# ---------------------------------------------------------------------------------------------
# Min-cost flow (laminar constraints only)
# ---------------------------------------------------------------------------------------------


@dataclass
class _Solved:
    """Chosen pairs (P,) bool and the solver's verdict."""

    chosen: np.ndarray
    status: str
    proven_optimal: bool
    message: str
    build: float = 0.0
    solve: float = 0.0
    extract: float = 0.0


def _solve_min_cost_flow(inst: _Instance) -> _Solved:
    """Max flow, then min cost among max flows, on the laminar network (module docstring)."""
    t0 = time.perf_counter()
    # Data: node numbering. 0 source, 1 sink, then candidates, job orders, sector and country quotas.
    n_cand, n_job = len(inst.cand_ids), len(inst.slots)
    n_sector, n_country = len(inst.sector_cap), len(inst.country_cap)
    source, sink = 0, 1
    cand_node = 2 + np.arange(n_cand, dtype=np.int64)
    job_node = 2 + n_cand + np.arange(n_job, dtype=np.int64)
    sector_node = 2 + n_cand + n_job + np.arange(n_sector, dtype=np.int64)
    country_node = 2 + n_cand + n_job + n_sector + np.arange(n_country, dtype=np.int64)
    if 2 + n_cand + n_job + n_sector + n_country >= 2**31:
        raise ValueError("instance too large for 32-bit node indices")
    country_next = _hop(inst.job_country, country_node, sink)
    job_next = _hop(inst.job_sector, sector_node, country_next)
    sector_next = _hop(inst.sector_country, country_node, sink)

    smcf = min_cost_flow.SimpleMinCostFlow()

    def arcs(
        tails: np.ndarray, heads: np.ndarray, caps: np.ndarray, costs: np.ndarray
    ) -> np.ndarray:
        """One call per arc family; returns the arc indices (same shape as ``tails``)."""
        return np.asarray(
            smcf.add_arcs_with_capacity_and_unit_cost(
                tails.astype(np.int32),
                heads.astype(np.int32),
                caps.astype(np.int64),
                costs.astype(np.int64),
            )
        )

    # Each candidate takes at most one job order.
    arcs(np.full(n_cand, source), cand_node, np.ones(n_cand), np.zeros(n_cand))
    # Only eligible pairs, each carrying one candidate; cost = minus the integer score.
    pair_arcs = arcs(
        cand_node[inst.pair_cand], job_node[inst.pair_job], np.ones(inst.n_pairs), -inst.pair_score
    )
    # A job order fills at most its slots.
    arcs(job_node, job_next, inst.slots, np.zeros(n_job))
    # A (country, sector) quota caps the job orders of that sector in that country.
    arcs(sector_node, sector_next, inst.sector_cap, np.zeros(n_sector))
    # A country quota caps all job orders of that country.
    arcs(country_node, np.full(n_country, sink), inst.country_cap, np.zeros(n_country))
    # Objective: every candidate may leave the source; the solver pushes as many as fit (max flow)
    # and among maximum flows takes the cheapest, i.e. the highest total integer score.
    smcf.set_nodes_supplies(np.array([source, sink], np.int32), np.array([n_cand, -n_cand]))
    t1 = time.perf_counter()

    status = smcf.solve_max_flow_with_min_cost()
    t2 = time.perf_counter()

    optimal = status == smcf.OPTIMAL
    if optimal:
        chosen = np.asarray(smcf.flows(pair_arcs.astype(np.int32))) > 0
    else:
        chosen = np.zeros(inst.n_pairs, dtype=bool)
    message = "" if optimal else f"min-cost flow returned {status.name}; no assignment"
    return _Solved(
        chosen, status.name.lower(), optimal, message,
        build=t1 - t0, solve=t2 - t1, extract=time.perf_counter() - t2,
    )  # fmt: skip


# ---------------------------------------------------------------------------------------------
# CP-SAT (adds P3MI capacities and minimum shares)
# ---------------------------------------------------------------------------------------------


def _groups(codes: np.ndarray) -> Iterator[tuple[int, np.ndarray]]:
    """(code, positions) for each code >= 0 in ``codes`` (P,); positions index the pairs."""
    order = np.argsort(codes, kind="stable")
    order = order[codes[order] >= 0]
    sorted_codes = codes[order]
    starts = np.flatnonzero(np.diff(sorted_codes, prepend=-1) != 0)
    ends = np.append(starts[1:], len(order)) if len(starts) else starts
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        yield int(sorted_codes[start]), order[start:end]


def _share_masks(
    inst: _Instance, candidate_groups: pd.DataFrame | None, min_share: list[ShareConstraint]
) -> list[tuple[np.ndarray, int]]:
    """Per share: ((P,) bool "the pair's candidate has column == value", whole percent).
    Candidates missing from ``candidate_groups`` do not have the value."""
    if not min_share:
        return []
    if candidate_groups is None:
        raise ValueError("min_share needs candidate_groups")
    out = []
    for share in min_share:
        if share.column not in candidate_groups:
            raise ValueError(f"candidate_groups has no column {share.column!r}")
        attr = (
            candidate_groups.drop_duplicates("candidate_id")
            .set_index("candidate_id")[share.column]
            .reindex(pd.Index(inst.cand_ids))
        )
        has = (attr.notna() & (attr.astype(str) == str(share.value))).to_numpy()
        out.append((has[inst.pair_cand], round(100 * share.min_share)))
    return out


def _repair_shares(
    chosen: np.ndarray, score: np.ndarray, shares: list[tuple[np.ndarray, int]]
) -> np.ndarray:
    """Drop the lowest-scoring chosen pairs without the attribute until every share holds.

    ``chosen`` (P,) bool, ``score`` (P,). Always ends feasible (at worst empty): dropping k such
    pairs with k = total - floor(100 * with_value / pct) satisfies that share."""
    chosen = chosen.copy()
    while True:
        for has, pct in shares:
            total, with_value = int(chosen.sum()), int((chosen & has).sum())
            if 100 * with_value < pct * total:
                drop = total - (100 * with_value) // pct
                others = np.flatnonzero(chosen & ~has)
                chosen[others[np.argsort(score[others], kind="stable")[:drop]]] = False
                break
        else:
            return chosen


def _key(inst: _Instance, chosen: np.ndarray) -> tuple[int, int]:
    """Lexicographic objective (filled, integer score) of a (P,) bool selection."""
    return int(chosen.sum()), int(inst.pair_score[chosen].sum())


def _set_hint(model: cp_model.CpModel, var_index: list[int], values: np.ndarray) -> None:
    """Replace the solution hint: variable indices (P,) get the (P,) bool ``values``, in one
    call on the proto rather than one ``add_hint`` per variable."""
    model.clear_hints()
    model.proto.solution_hint.vars.extend(var_index)
    model.proto.solution_hint.values.extend(values.astype(np.int64).tolist())


def _solve_cp_sat(
    inst: _Instance,
    shares: list[tuple[np.ndarray, int]],
    hint: np.ndarray,
    time_limit: float,
) -> _Solved:
    """Two CP-SAT solves on one boolean-per-pair model: max filled, then max score at that filled.

    ``shares`` from ``_share_masks``; ``hint`` (P,) bool is a feasible assignment (the repaired
    greedy) used as the first solution and as the fallback if CP-SAT finds none in time.
    ``time_limit`` seconds cover model building and both phases."""
    t0 = time.perf_counter()
    model = cp_model.CpModel()
    # Variables: x[p] = 1 if pair p is assigned.
    x_series = model.new_bool_var_series("x", pd.RangeIndex(inst.n_pairs))
    x = x_series.to_numpy()

    # Each candidate takes at most one job order.
    for _, pos in _groups(inst.pair_cand):
        if len(pos) > 1:
            model.add_at_most_one(x[pos].tolist())
    # A job order fills at most its slots.
    for j, pos in _groups(inst.pair_job):
        if len(pos) > inst.slots[j]:
            model.add(cp_model.LinearExpr.sum(x[pos].tolist()) <= int(inst.slots[j]))
    # Sector quota, country quota and P3MI capacity: at most cap candidates in their job orders.
    for job_code, cap in (
        (inst.job_sector, inst.sector_cap),
        (inst.job_country, inst.country_cap),
        (inst.job_p3mi, inst.p3mi_cap),
    ):
        for g, pos in _groups(job_code[inst.pair_job]):
            if len(pos) > cap[g]:
                model.add(cp_model.LinearExpr.sum(x[pos].tolist()) <= int(cap[g]))
    filled = cp_model.LinearExpr.sum(x.tolist())
    # Minimum share, in whole percent: 100 * assigned with the value >= pct * all assigned.
    for has, pct in shares:
        model.add(100 * cp_model.LinearExpr.sum(x[has].tolist()) >= pct * filled)

    # Objective, phase 1: fill the most slots, within half of the time limit.
    model.maximize(filled)
    var_index = [var.index for var in x.tolist()]
    _set_hint(model, var_index, hint)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 2
    solver.parameters.max_time_in_seconds = max(time_limit / 2 - (time.perf_counter() - t0), 0.01)
    build = time.perf_counter() - t0
    t1 = time.perf_counter()
    status1 = solver.solve(model)
    solve = time.perf_counter() - t1
    if status1 not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        name = solver.status_name(status1).lower()
        status = "time_limit" if status1 == cp_model.UNKNOWN else name
        message = (
            f"CP-SAT found no assignment in phase 1 (max filled) in time ({name}); "
            "returning the greedy assignment (repaired for minimum shares), not proven optimal"
        )
        return _Solved(hint, status, False, message, build, solve)
    chosen = solver.boolean_values(x_series).to_numpy(dtype=bool)
    if _key(inst, hint) > _key(inst, chosen):
        chosen = hint
    best_filled = int(chosen.sum())
    bound_filled = int(solver.best_objective_bound)

    # Objective, phase 2: the best score among assignments with that many filled slots.
    t2 = time.perf_counter()
    if status1 == cp_model.OPTIMAL:
        model.add(filled == best_filled)
    else:
        model.add(filled >= best_filled)
    _set_hint(model, var_index, chosen)
    model.maximize(cp_model.LinearExpr.weighted_sum(x.tolist(), inst.pair_score.tolist()))
    solver.parameters.max_time_in_seconds = max(time_limit - (time.perf_counter() - t0), 0.01)
    build += time.perf_counter() - t2
    t3 = time.perf_counter()
    status2 = solver.solve(model)
    solve += time.perf_counter() - t3
    if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = solver.boolean_values(x_series).to_numpy(dtype=bool)
        if _key(inst, found) >= _key(inst, chosen):
            chosen = found

    if status1 == cp_model.OPTIMAL and status2 == cp_model.OPTIMAL:
        return _Solved(chosen, "optimal", True, "", build, solve)
    if status1 != cp_model.OPTIMAL:
        message = (
            f"time limit: {int(chosen.sum())} slots filled, not proven maximal "
            f"(upper bound {bound_filled}); score not proven optimal either"
        )
        return _Solved(chosen, "time_limit", False, message, build, solve)
    score_bound = (
        f", bound {int(solver.best_objective_bound)}"
        if status2 in (cp_model.OPTIMAL, cp_model.FEASIBLE)
        else ""
    )
    message = (
        f"filled slots proven maximal ({best_filled}); the score was not proven optimal within the "
        f"time limit (integer score {int(inst.pair_score[chosen].sum())}{score_bound})"
    )
    return _Solved(chosen, "feasible", False, message, build, solve)


# ---------------------------------------------------------------------------------------------
# Greedy baseline
# ---------------------------------------------------------------------------------------------


def _greedy_select(inst: _Instance, score: np.ndarray) -> np.ndarray:
    """(P,) bool: pairs taken best float ``score`` first (ties in input order) while the candidate
    is free and the job order, its quotas and its P3MI all have room."""
    n_job, n_sector = len(inst.slots), len(inst.sector_cap)
    n_country = len(inst.country_cap)
    # One capacity list: job orders, sector quotas, country quotas, P3MIs, then an unlimited cell.
    unlimited = n_job + n_sector + n_country + len(inst.p3mi_cap)
    left = np.concatenate(
        [inst.slots, inst.sector_cap, inst.country_cap, inst.p3mi_cap, [3 * inst.n_pairs + 1]]
    ).tolist()
    sector_cell = _hop(inst.job_sector, n_job + np.arange(n_sector), unlimited).tolist()
    country_cell = _hop(
        inst.job_country, n_job + n_sector + np.arange(n_country), unlimited
    ).tolist()
    p3mi_cell = _hop(
        inst.job_p3mi, n_job + n_sector + n_country + np.arange(len(inst.p3mi_cap)), unlimited
    ).tolist()

    order = np.argsort(-score, kind="stable")
    order = order[inst.slots[inst.pair_job[order]] > 0]
    cands = inst.pair_cand[order].tolist()
    jobs = inst.pair_job[order].tolist()
    used = bytearray(len(inst.cand_ids))
    taken: list[int] = []
    remaining = min(len(inst.cand_ids), int(inst.slots.sum()))
    for k, (c, j) in enumerate(zip(cands, jobs, strict=True)):
        if used[c]:
            continue
        s, n, a = sector_cell[j], country_cell[j], p3mi_cell[j]
        if left[j] and left[s] and left[n] and left[a]:
            left[j] -= 1
            left[s] -= 1
            left[n] -= 1
            left[a] -= 1
            used[c] = 1
            taken.append(k)
            remaining -= 1
            if remaining == 0:
                break
    chosen = np.zeros(inst.n_pairs, dtype=bool)
    chosen[order[np.asarray(taken, dtype=np.int64)]] = True
    return chosen


def greedy(
    pairs: pd.DataFrame,
    job_orders: pd.DataFrame,
    quotas: pd.DataFrame | None = None,
    p3mi_capacity: dict[str, int] | None = None,
) -> pd.DataFrame:
    """Greedy baseline: pairs by decreasing score, taken when the candidate is still free and the
    job order, its (country, sector) and country quotas and its P3MI still have room.

    Returns the chosen rows of ``pairs`` (candidate_id, job_order_id, score), best score first.
    """
    if pairs.empty:
        return pd.DataFrame({c: pd.Series(dtype=pairs[c].dtype) for c in ASSIGNMENT_COLUMNS})
    inst = _encode(pairs, job_orders, quotas, p3mi_capacity, score_scale=1)
    chosen = _greedy_select(inst, pairs["score"].to_numpy(dtype=np.float64))
    out = pairs.loc[chosen, ASSIGNMENT_COLUMNS]
    return out.sort_values("score", ascending=False, kind="stable").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Entry point
# ---------------------------------------------------------------------------------------------


def assign(
    pairs: pd.DataFrame,
    job_orders: pd.DataFrame,
    quotas: pd.DataFrame | None = None,
    *,
    p3mi_capacity: dict[str, int] | None = None,
    min_share: list[ShareConstraint] | None = None,
    candidate_groups: pd.DataFrame | None = None,
    solver: SolverName = "auto",
    time_limit: float = 60.0,
    score_scale: int = 1000,
) -> AssignmentResult:
    """Assign candidates to job orders: maximum filled slots, then maximum total score.

    Args:
        pairs: (P rows) candidate_id, job_order_id, score (float in [0, 1]); the eligible pairs.
            Every job_order_id must be in ``job_orders``.
        job_orders: (J rows) job_order_id (unique), slots (int >= 0), country_iso2, sector,
            p3mi_id (only needed with ``p3mi_capacity``).
        quotas: country_iso2, sector (NA/blank = all sectors of that country), quota (int >= 0;
            NA = unlimited). Caps the candidates assigned to job orders of that country (sector).
            Quotas of countries or sectors without job orders are ignored.
        p3mi_capacity: P3MI id -> maximum assigned candidates over its job orders (forces CP-SAT).
        min_share: minimum shares of assigned candidates by attribute, in whole percent (forces
            CP-SAT); the attributes come from ``candidate_groups`` (candidate_id + columns).
        solver: "auto" = min-cost flow unless P3MI capacities or shares are given, then CP-SAT.
        time_limit: seconds for CP-SAT, model building included: phase 1 (max filled) gets half,
            phase 2 (max score) the rest. Min-cost flow has no limit (it finishes; see benchmarks).
        score_scale: scores become ``round(score * score_scale)`` integers for the solvers.

    Returns:
        AssignmentResult; ``seconds`` has build (encoding + model), solve (bare solver calls),
        extract (result table) and greedy (the baseline on the same instance). The greedy
        baseline ignores minimum shares and is then repaired (lowest-scoring pairs without the
        attribute dropped until every share holds), so it stays feasible and <= the optimum.
        On CP-SAT it is also the starting hint and the fallback when no solution is found.
    """
    non_laminar = bool(p3mi_capacity) or bool(min_share)
    chosen_solver = solver if solver != "auto" else ("cp_sat" if non_laminar else "min_cost_flow")
    if chosen_solver == "min_cost_flow" and non_laminar:
        raise ValueError("P3MI capacities and minimum shares need solver='cp_sat' (or 'auto')")
    if chosen_solver not in ("min_cost_flow", "cp_sat"):
        raise ValueError(f"unknown solver {solver!r}")

    t0 = time.perf_counter()
    if pairs.empty:
        empty = pd.DataFrame({c: pd.Series(dtype=pairs[c].dtype) for c in ASSIGNMENT_COLUMNS})
        return AssignmentResult(
            empty, chosen_solver, "optimal", True, "", 0, 0.0, 0, 0.0,
            {"build": 0.0, "solve": 0.0, "extract": 0.0, "greedy": 0.0},
        )  # fmt: skip
    inst = _encode(pairs, job_orders, quotas, p3mi_capacity, score_scale)

    shares = _share_masks(inst, candidate_groups, min_share or [])
    encode_seconds = time.perf_counter() - t0

    # The baseline first: CP-SAT starts from it (repaired for shares, so it is feasible).
    t1 = time.perf_counter()
    score = pairs["score"].to_numpy(dtype=np.float64)
    greedy_chosen = _repair_shares(_greedy_select(inst, score), score, shares)
    greedy_seconds = time.perf_counter() - t1

    if chosen_solver == "min_cost_flow":
        solved = _solve_min_cost_flow(inst)
    else:
        solved = _solve_cp_sat(inst, shares, greedy_chosen, time_limit)

    t2 = time.perf_counter()
    assignments = pairs.loc[solved.chosen, ASSIGNMENT_COLUMNS].reset_index(drop=True)
    filled = len(assignments)
    total_score = float(assignments["score"].sum())
    t3 = time.perf_counter()

    return AssignmentResult(
        assignments=assignments,
        solver=chosen_solver,
        status=solved.status,
        proven_optimal=solved.proven_optimal,
        message=solved.message,
        filled=filled,
        total_score=total_score,
        greedy_filled=int(greedy_chosen.sum()),
        greedy_score=float(score[greedy_chosen].sum()),
        seconds={
            "build": encode_seconds + solved.build,
            "solve": solved.solve,
            "extract": solved.extract + t3 - t2,
            "greedy": greedy_seconds,
        },
    )
