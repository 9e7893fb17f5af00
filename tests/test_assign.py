"""Assignment: optimality against independent solvers, feasibility properties, greedy gap, shares.

The references are independent of ``matching.assign``: scipy ``linear_sum_assignment`` on the
slot-expanded matrix (no quotas) and ``scipy.optimize.milp`` with one binary per pair, solved
twice for the lexicographic objective (max filled, then max integer score at that filled).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, linear_sum_assignment, milp

from matching.assign import ShareConstraint, _repair_shares, assign, greedy

SCALE = 1000
COUNTRIES = ["MY", "SA", "TW"]
SECTORS = ["care", "plantation", None]
P3MIS = ["P1", "P2", "P3"]


# ---------------------------------------------------------------------------------------------
# Random instances
# ---------------------------------------------------------------------------------------------


def random_instance(
    seed: int, with_quotas: bool
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame | None]:
    """5-30 candidates, 3-10 job orders of 1-3 slots, sparse pairs, scores on a 1/1000 grid."""
    rng = np.random.default_rng(seed)
    n_cand, n_job = int(rng.integers(5, 31)), int(rng.integers(3, 11))
    job_orders = pd.DataFrame(
        {
            "job_order_id": [f"J{j}" for j in range(n_job)],
            "slots": rng.integers(1, 4, n_job),
            "country_iso2": rng.choice(COUNTRIES, n_job),
            "sector": pd.Series(rng.choice(np.array(SECTORS, dtype=object), n_job), dtype=object),
            "p3mi_id": rng.choice(P3MIS, n_job),
        }
    )
    density = rng.uniform(0.1, 0.4)
    cand, job = np.nonzero(rng.random((n_cand, n_job)) < density)
    pairs = pd.DataFrame(
        {
            "candidate_id": [f"C{c}" for c in cand],
            "job_order_id": [f"J{j}" for j in job],
            "score": rng.integers(0, SCALE + 1, len(cand)) / SCALE,
        }
    )
    quotas = None
    if with_quotas:
        rows: list[tuple[str, str | None, int | None]] = [
            (c, None, int(rng.integers(0, 6))) for c in COUNTRIES if rng.random() < 0.5
        ]
        rows += [
            (c, s, int(rng.integers(0, 5)))
            for c in COUNTRIES
            for s in SECTORS[:2]
            if rng.random() < 0.4
        ]
        rows += [("JP", None, 3), ("MY", "care", None)]  # no JP job orders; NA = unlimited
        quotas = pd.DataFrame(rows, columns=["country_iso2", "sector", "quota"])
        quotas["quota"] = quotas["quota"].astype("Int64")
    return pairs, job_orders, quotas


def random_p3mi_capacity(seed: int) -> dict[str, int]:
    rng = np.random.default_rng(seed + 10_000)
    return {p: int(rng.integers(0, 6)) for p in P3MIS if rng.random() < 0.7}


# ---------------------------------------------------------------------------------------------
# Independent references
# ---------------------------------------------------------------------------------------------


def objective(assignments: pd.DataFrame) -> tuple[int, int]:
    """(filled, integer score) of an assignment table."""
    return len(assignments), int(np.rint(assignments["score"].to_numpy() * SCALE).sum())


def reference_lsa(pairs: pd.DataFrame, job_orders: pd.DataFrame) -> tuple[int, int]:
    """Lexicographic optimum with no quotas: slot-expanded assignment, big constant per pair."""
    cands = sorted(set(pairs["candidate_id"]))
    slot_job = np.repeat(job_orders["job_order_id"].to_numpy(), job_orders["slots"].to_numpy())
    big = SCALE * (len(cands) + 1)
    weight = np.zeros((len(cands), len(slot_job)), dtype=np.int64)  # 0 = not eligible
    row = {c: i for i, c in enumerate(cands)}
    for c, j, s in pairs.itertuples(index=False):
        weight[row[c], slot_job == j] = big + round(s * SCALE)
    r, k = linear_sum_assignment(weight, maximize=True)
    w = weight[r, k]
    w = w[w > 0]
    return len(w), int((w - big).sum())


def reference_milp(
    pairs: pd.DataFrame,
    job_orders: pd.DataFrame,
    quotas: pd.DataFrame | None,
    p3mi_capacity: dict[str, int] | None = None,
) -> tuple[int, int]:
    """Lexicographic optimum by two MILP solves over one binary per pair."""
    jo = job_orders.set_index("job_order_id").loc[pairs["job_order_id"]]
    country, sector = jo["country_iso2"].to_numpy(), jo["sector"].to_numpy()
    rows: list[np.ndarray] = []
    caps: list[int] = []
    for c in pairs["candidate_id"].unique():
        rows.append((pairs["candidate_id"] == c).to_numpy())
        caps.append(1)
    for j, slots in zip(job_orders["job_order_id"], job_orders["slots"], strict=True):
        rows.append((pairs["job_order_id"] == j).to_numpy())
        caps.append(int(slots))
    if quotas is not None:
        for qc, qs, q in quotas.itertuples(index=False):
            if pd.isna(q):
                continue
            mask = country == qc
            if qs is not None and not pd.isna(qs):
                mask &= sector == qs
            rows.append(mask)
            caps.append(int(q))
    for p, cap in (p3mi_capacity or {}).items():
        rows.append((jo["p3mi_id"] == p).to_numpy())
        caps.append(cap)
    a = sp.csr_matrix(np.array(rows, dtype=float))
    n = len(pairs)
    cons = [LinearConstraint(a, -np.inf, np.array(caps, dtype=float))]
    integ, bounds = np.ones(n), Bounds(0, 1)
    first = milp(-np.ones(n), constraints=cons, integrality=integ, bounds=bounds)
    assert first.success
    filled = round(-first.fun)
    cons.append(LinearConstraint(np.ones((1, n)), filled, filled))
    score = np.rint(pairs["score"].to_numpy() * SCALE)
    second = milp(-score, constraints=cons, integrality=integ, bounds=bounds)
    assert second.success
    return filled, round(-second.fun)


def assert_feasible(
    chosen: pd.DataFrame,
    pairs: pd.DataFrame,
    job_orders: pd.DataFrame,
    quotas: pd.DataFrame | None,
    p3mi_capacity: dict[str, int] | None = None,
) -> None:
    """Every rule of the assignment holds for ``chosen``."""
    assert not chosen["candidate_id"].duplicated().any(), "a candidate assigned twice"
    eligible = set(zip(pairs["candidate_id"], pairs["job_order_id"], strict=True))
    assert set(zip(chosen["candidate_id"], chosen["job_order_id"], strict=True)) <= eligible
    jo = job_orders.set_index("job_order_id")
    per_job = chosen["job_order_id"].value_counts()
    assert (per_job <= jo.loc[per_job.index, "slots"]).all(), "a job order over its slots"
    got = jo.loc[chosen["job_order_id"]]
    for qc, qs, q in quotas.itertuples(index=False) if quotas is not None else []:
        if pd.isna(q):
            continue
        mask = got["country_iso2"] == qc
        if qs is not None and not pd.isna(qs):
            mask &= got["sector"] == qs
        assert mask.sum() <= q, f"quota {qc}/{qs} exceeded"
    for p, cap in (p3mi_capacity or {}).items():
        assert (got["p3mi_id"] == p).sum() <= cap, f"P3MI {p} over capacity"


# ---------------------------------------------------------------------------------------------
# Optimality against independent solvers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", range(30))
def test_min_cost_flow_equals_linear_sum_assignment_without_quotas(seed: int) -> None:
    pairs, job_orders, _ = random_instance(seed, with_quotas=False)
    result = assign(pairs, job_orders, solver="min_cost_flow")
    assert result.status == "optimal" and result.proven_optimal
    assert objective(result.assignments) == reference_lsa(pairs, job_orders)


@pytest.mark.parametrize("seed", range(30))
def test_min_cost_flow_equals_milp_with_quotas(seed: int) -> None:
    pairs, job_orders, quotas = random_instance(seed, with_quotas=True)
    result = assign(pairs, job_orders, quotas, solver="min_cost_flow")
    assert result.proven_optimal
    assert objective(result.assignments) == reference_milp(pairs, job_orders, quotas)


@pytest.mark.parametrize("seed", range(15))
def test_cp_sat_equals_min_cost_flow(seed: int) -> None:
    pairs, job_orders, quotas = random_instance(seed, with_quotas=True)
    flow = assign(pairs, job_orders, quotas, solver="min_cost_flow")
    sat = assign(pairs, job_orders, quotas, solver="cp_sat", time_limit=10)
    assert sat.status == "optimal" and sat.proven_optimal
    assert objective(sat.assignments) == objective(flow.assignments)


@pytest.mark.parametrize("seed", range(15))
def test_cp_sat_with_p3mi_capacity_equals_milp(seed: int) -> None:
    pairs, job_orders, quotas = random_instance(seed, with_quotas=seed % 2 == 0)
    cap = random_p3mi_capacity(seed)
    result = assign(pairs, job_orders, quotas, p3mi_capacity=cap, time_limit=10)
    assert result.solver == "cp_sat" and result.proven_optimal
    assert_feasible(result.assignments, pairs, job_orders, quotas, cap)
    assert objective(result.assignments) == reference_milp(pairs, job_orders, quotas, cap)


# ---------------------------------------------------------------------------------------------
# Properties over random instances
# ---------------------------------------------------------------------------------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), with_quotas=st.booleans())
def test_min_cost_flow_and_greedy_are_feasible(seed: int, with_quotas: bool) -> None:
    pairs, job_orders, quotas = random_instance(seed, with_quotas)
    result = assign(pairs, job_orders, quotas)
    assert_feasible(result.assignments, pairs, job_orders, quotas)
    baseline = greedy(pairs, job_orders, quotas)
    assert_feasible(baseline, pairs, job_orders, quotas)
    assert result.greedy_filled == len(baseline) <= result.filled
    assert result.greedy_score == pytest.approx(baseline["score"].sum())
    assert result.filled == len(result.assignments)
    assert result.total_score == pytest.approx(result.assignments["score"].sum())


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1))
def test_cp_sat_and_greedy_respect_p3mi_capacity(seed: int) -> None:
    pairs, job_orders, quotas = random_instance(seed, with_quotas=True)
    cap = random_p3mi_capacity(seed)
    result = assign(pairs, job_orders, quotas, p3mi_capacity=cap, time_limit=10)
    assert_feasible(result.assignments, pairs, job_orders, quotas, cap)
    assert_feasible(greedy(pairs, job_orders, quotas, cap), pairs, job_orders, quotas, cap)
    assert result.greedy_filled <= result.filled


# ---------------------------------------------------------------------------------------------
# Structured cases
# ---------------------------------------------------------------------------------------------


def jobs(*rows: tuple[str, int, str, str | None]) -> pd.DataFrame:
    """job_order_id, slots, country, sector; P3MI = "P" + country."""
    df = pd.DataFrame(rows, columns=["job_order_id", "slots", "country_iso2", "sector"])
    df["p3mi_id"] = "P" + df["country_iso2"]
    return df


def pair_table(*rows: tuple[str, str, float]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["candidate_id", "job_order_id", "score"])


def test_greedy_strictly_worse_on_a_tight_instance() -> None:
    # A (Japanese-speaking, high score) fits both; B only the plantation order. Greedy gives A
    # the plantation order and leaves B without work; the optimum sends A to the care order.
    job_orders = jobs(("PLANT", 1, "MY", "plantation"), ("CARE", 1, "JP", "care"))
    pairs = pair_table(("A", "PLANT", 0.95), ("A", "CARE", 0.7), ("B", "PLANT", 0.6))
    result = assign(pairs, job_orders)
    assert (result.greedy_filled, result.filled) == (1, 2)
    assert result.greedy_filled < result.filled
    chosen = result.assignments
    assert set(zip(chosen["candidate_id"], chosen["job_order_id"], strict=True)) == {
        ("A", "CARE"),
        ("B", "PLANT"),
    }


def test_greedy_loses_to_a_binding_sector_quota() -> None:
    # The (MY, plantation) quota of 1 is used up by A in greedy; the optimum gives it to B.
    job_orders = jobs(("PLANT", 2, "MY", "plantation"), ("FACT", 1, "TW", "manufacturing"))
    pairs = pair_table(("A", "PLANT", 0.9), ("A", "FACT", 0.8), ("B", "PLANT", 0.7))
    quotas = pd.DataFrame({"country_iso2": ["MY"], "sector": ["plantation"], "quota": [1]})
    result = assign(pairs, job_orders, quotas)
    assert (result.greedy_filled, result.filled) == (1, 2)


def test_among_maximum_fillings_the_best_score_wins() -> None:
    job_orders = jobs(("J1", 1, "MY", None), ("J2", 1, "SA", None))
    pairs = pair_table(("A", "J1", 0.9), ("A", "J2", 0.2), ("B", "J1", 0.3), ("B", "J2", 0.8))
    result = assign(pairs, job_orders)
    assert objective(result.assignments) == (2, 1700)


def test_min_share_binds_and_is_respected() -> None:
    # Three high-scoring JABAR candidates, one NTB candidate; at least 50 % NTB of those assigned.
    job_orders = jobs(("J1", 2, "MY", None), ("J2", 2, "SA", None))
    pairs = pair_table(
        ("A", "J1", 0.9), ("B", "J1", 0.9), ("C", "J2", 0.9), ("D", "J2", 0.4)
    )  # fmt: skip
    groups = pd.DataFrame({"candidate_id": list("ABCD"), "province": ["JABAR"] * 3 + ["NTB"]})
    free = assign(pairs, job_orders)
    assert free.filled == 4

    share = ShareConstraint("province", "NTB", 0.5)
    result = assign(pairs, job_orders, min_share=[share], candidate_groups=groups)
    assert result.solver == "cp_sat" and result.proven_optimal
    ntb = result.assignments["candidate_id"].map(groups.set_index("candidate_id")["province"])
    assert (ntb == "NTB").mean() >= 0.5  # respected
    assert result.filled == 2 < free.filled  # binds: one NTB allows one other
    assert "D" in set(result.assignments["candidate_id"])

    strict = ShareConstraint("province", "NTB", 0.6)  # 100 * 1 >= 60 * filled -> filled <= 1
    only = assign(pairs, job_orders, min_share=[strict], candidate_groups=groups)
    assert list(only.assignments["candidate_id"]) == ["D"]


def test_share_rejects_out_of_range() -> None:
    with pytest.raises(ValueError):
        ShareConstraint("gender", "F", 1.5)


def test_no_pairs_is_an_empty_optimal_assignment() -> None:
    job_orders = jobs(("J1", 1, "MY", None))
    result = assign(pair_table(), job_orders)
    assert result.status == "optimal" and result.proven_optimal
    assert result.filled == 0 and result.assignments.empty
    assert list(result.assignments.columns) == ["candidate_id", "job_order_id", "score"]


def test_quotas_on_absent_countries_and_na_quotas_are_ignored() -> None:
    job_orders = jobs(("J1", 2, "MY", "care"))
    pairs = pair_table(("A", "J1", 0.5), ("B", "J1", 0.6))
    quotas = pd.DataFrame(
        {"country_iso2": ["JP", "MY"], "sector": [None, "care"], "quota": [0, pd.NA]}
    )
    assert assign(pairs, job_orders, quotas).filled == 2


def test_country_quota_caps_all_its_sectors() -> None:
    job_orders = jobs(("J1", 2, "MY", "care"), ("J2", 2, "MY", "plantation"))
    pairs = pair_table(("A", "J1", 0.5), ("B", "J1", 0.6), ("C", "J2", 0.7), ("D", "J2", 0.8))
    quotas = pd.DataFrame({"country_iso2": ["my"], "sector": [""], "quota": [3]})
    result = assign(pairs, job_orders, quotas)
    assert objective(result.assignments) == (3, 2100)


def test_duplicate_pairs_keep_one_assignment() -> None:
    job_orders = jobs(("J1", 2, "MY", None))
    pairs = pair_table(("A", "J1", 0.5), ("A", "J1", 0.7))
    result = assign(pairs, job_orders)
    assert result.filled == 1 and result.total_score == pytest.approx(0.7)


def test_unknown_job_order_is_an_error() -> None:
    with pytest.raises(ValueError, match="not in job_orders"):
        assign(pair_table(("A", "NOPE", 0.5)), jobs(("J1", 1, "MY", None)))


def test_min_cost_flow_refuses_non_laminar_constraints() -> None:
    pairs, job_orders = pair_table(("A", "J1", 0.5)), jobs(("J1", 1, "MY", None))
    with pytest.raises(ValueError, match="cp_sat"):
        assign(pairs, job_orders, p3mi_capacity={"PMY": 0}, solver="min_cost_flow")
    assert assign(pairs, job_orders, p3mi_capacity={"PMY": 0}).filled == 0


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), pct=st.integers(0, 100))
def test_share_repair_ends_feasible_and_drops_only_others(seed: int, pct: int) -> None:
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    chosen, has = rng.random(n) < 0.6, rng.random(n) < 0.3
    other = rng.random(n) < 0.5
    repaired = _repair_shares(chosen, rng.random(n), [(has, pct), (other, 20)])
    assert not (repaired & ~chosen).any()
    for mask, p in ((has, pct), (other, 20)):
        assert 100 * (repaired & mask).sum() >= p * repaired.sum()


def test_cp_sat_time_limit_returns_a_feasible_unproven_assignment() -> None:
    # 2,000 candidates, tight P3MI capacities: not provable in a few milliseconds.
    rng = np.random.default_rng(7)
    n_cand, n_job = 2_000, 200
    job_orders = pd.DataFrame(
        {
            "job_order_id": [f"J{j}" for j in range(n_job)],
            "slots": rng.integers(1, 60, n_job),
            "country_iso2": rng.choice(COUNTRIES, n_job),
            "sector": "care",
            "p3mi_id": [f"P{p}" for p in rng.integers(0, 40, n_job)],
        }
    )
    job = np.repeat(np.arange(n_job), 60)
    cand = rng.integers(0, n_cand, len(job))
    pairs = pd.DataFrame(
        {"candidate_id": [f"C{c}" for c in cand], "job_order_id": [f"J{j}" for j in job]}
    ).drop_duplicates()
    pairs["score"] = rng.random(len(pairs))
    cap = {f"P{p}": 10 for p in range(40)}
    result = assign(pairs, job_orders, p3mi_capacity=cap, time_limit=0.05)
    assert result.status in ("time_limit", "feasible") and not result.proven_optimal
    assert result.message
    assert_feasible(result.assignments, pairs, job_orders, None, cap)
    assert result.filled >= result.greedy_filled > 0
