"""The kesesuaian KPI, shortlists and recommendations on small hand-made tables."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from matching.metrics import TARGETS, kesesuaian
from matching.rules import RuleSet
from matching.score import COMPONENTS
from matching.shortlist import recommendations, shortlists


@pytest.fixture()
def tables() -> dict[str, pd.DataFrame]:
    jobs = pd.DataFrame(
        {
            "job_order_id": ["J1", "J2", "J3", "J4"],
            "slots": [2, 3, 1, 4],
            "country_iso2": ["HK", "HK", "TW", "JP"],
            "sector": ["domestic", "domestic", "care", "care"],
            "isco08": ["9111", "9111", "5322", "5321"],
            "occupation_label": ["Domestic", "Domestic", "Home care", "Care assistants"],
            "p3mi_id": ["P1", "P2", "P1", None],
            "scheme": ["P to P"] * 4,
        }
    )
    selection_jobs = pd.DataFrame(
        {
            "job_order_id": ["J1", "J2", "J3", "J4"],
            # J2 blocked by the HK minimum wage; J4 expired (not open)
            "open": [True, True, True, False],
            "reason": ["", "below_minimum_wage", "", "job_order_expired"],
            "slots": [2, 3, 1, 4],
            "eligible_candidates": [3, 0, 0, 0],
        }
    )
    cands = pd.DataFrame(
        {
            "candidate_id": ["C1", "C2", "C3", "C4"],
            "status": ["available", "available", "available", "placed"],
            "province": ["Jawa Barat", "Jawa Timur", "NTB", "NTB"],
            "gender": ["F", "F", "M", "F"],
        }
    )
    pairs = pd.DataFrame(
        {
            "candidate_id": ["C1", "C2", "C3"],
            "job_order_id": ["J1", "J1", "J1"],
            "score": [0.9, 0.8, 0.6],
            **{c: [0.9, 0.4, 0.8] for c in COMPONENTS},
        }
    )
    assignments = pd.DataFrame(
        {"candidate_id": ["C1", "C2"], "job_order_id": ["J1", "J1"], "score": [0.9, 0.8]}
    )
    exclusions = pd.DataFrame(
        {
            "job_order_id": ["J3", "J3", "J3"],
            "reason": [
                "language_below_requirement",
                "age_out_of_range",
                "occupation_different_submajor",
            ],
            "count": [5, 2, 100],
            "scope": ["pair", "pair", "pair"],
        }
    )
    return {
        "jobs": jobs,
        "sel": selection_jobs,
        "cands": cands,
        "pairs": pairs,
        "assign": assignments,
        "excl": exclusions,
    }


def test_kesesuaian_counts(tables: dict[str, pd.DataFrame]) -> None:
    t = tables
    m, unmet = kesesuaian(
        t["jobs"],
        t["cands"],
        t["sel"],
        {"C1", "C2", "C3"},
        t["assign"],
        t["excl"],
        RuleSet.load(),
        date(2026, 3, 31),
    )
    # open = J1 (2) + J2 (3, blocked but open) + J3 (1); J4 expired
    assert m["open_slots"] == 6
    assert m["blocked_slots"] == 3
    assert m["filled_slots"] == 2
    assert m["kesesuaian_rate"] == pytest.approx(100 * 2 / 6, abs=0.01)
    assert m["target"] == TARGETS[2026] == 35.0
    assert m["available_candidates"] == 3
    assert m["matched_candidates"] == 2
    assert m["usable_candidates"] == 3
    assert m["covered_slots"] == 2
    by_country = {r["country_iso2"]: r for r in m["breakdowns"]["country"]}
    assert by_country["HK"]["open_slots"] == 5 and by_country["HK"]["filled_slots"] == 2
    assert "JP" not in by_country  # no open slots
    prov = {r["province"]: r for r in m["breakdowns"]["province"]}
    assert prov["NTB"]["available_candidates"] == 1 and prov["NTB"]["matched_candidates"] == 0
    # unmet: J2 (3, its own reason) and J3 (1, language first); J1 is full
    unmet_idx = unmet.set_index("country_iso2")
    assert unmet_idx.loc["HK", "unmet_slots"] == 3
    assert "below_minimum_wage" in unmet_idx.loc["HK", "top_reasons"]
    assert unmet_idx.loc["TW", "top_reasons"].startswith("language_below_requirement")
    assert "occupation_different_submajor" not in unmet_idx.loc["TW", "top_reasons"]


def test_rate_cannot_pass_100_by_double_counting(tables: dict[str, pd.DataFrame]) -> None:
    t = tables
    # one candidate can only fill one slot: the assignment, not the pairs, is counted
    m, _ = kesesuaian(
        t["jobs"],
        t["cands"],
        t["sel"],
        {"C1", "C2", "C3"},
        t["assign"].head(1),
        t["excl"],
        RuleSet.load(),
        date(2025, 12, 31),
    )
    assert m["filled_slots"] == 1
    assert m["target"] == 30.0


def test_shortlist_is_three_per_slot_with_assignment_flag(tables: dict[str, pd.DataFrame]) -> None:
    t = tables
    jobs = t["jobs"].assign(slots=[1, 3, 1, 4])
    short = shortlists(t["pairs"], jobs, t["assign"])
    assert short["rank"].tolist() == [1, 2, 3]
    assert short["candidate_id"].tolist() == ["C1", "C2", "C3"]
    assert short["assigned"].tolist() == [True, True, False]
    assert "skills" in short.loc[1, "unmet"]  # components 0.4 < 0.5
    assert short.loc[0, "unmet"] == ""
    fewer = shortlists(t["pairs"], jobs.assign(slots=[0, 0, 0, 0]), t["assign"])
    assert fewer.empty


def test_recommendations_with_reasons(tables: dict[str, pd.DataFrame]) -> None:
    t = tables
    rec = recommendations(t["pairs"], t["assign"], t["jobs"], top=5)
    assert set(rec["candidate_id"]) == {"C1", "C2", "C3"}
    first = rec[rec["candidate_id"] == "C1"].iloc[0]
    assert first["country_iso2"] == "HK"
    assert "same occupation" in first["reasons"]
    assert bool(first["assigned"]) is True
