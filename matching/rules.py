"""The versioned rule set: hard eligibility and destination protection rules.

Values live in ``data/rules/ruleset.yaml`` (each with its legal or programme source); this module
loads them into typed objects and picks effective-dated values for a run date. Every run is stamped
with ``RuleSet.version``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from matching.paths import data_dir


class RuleSetError(ValueError):
    """The rule file is missing or malformed."""


@dataclass(frozen=True)
class WageStep:
    effective_from: date
    amount: float


@dataclass(frozen=True)
class ProtectionRule:
    """A destination protection rule: applies to job orders matching ``country`` / ``sectors`` /
    ``schemes`` (empty = any) and blocks them, or adds a requirement to their candidates."""

    id: str
    reason: str
    source: str
    country: str | None
    sectors: tuple[str, ...] = ()
    schemes: tuple[str, ...] = ()
    wage_currency: str | None = None
    wage_schedule: tuple[WageStep, ...] = ()
    allowed_schemes: tuple[str, ...] = ()
    language: str | None = None
    language_cefr: float | None = None
    eps_topik_required: bool = False

    def minimum_wage(self, as_of: date) -> float | None:
        """The wage in force on ``as_of`` (None before the first step or without a schedule)."""
        amount = None
        for step in sorted(self.wage_schedule, key=lambda s: s.effective_from):
            if step.effective_from <= as_of:
                amount = step.amount
        return amount


@dataclass(frozen=True)
class RuleSet:
    version: str
    minimum_age: int
    status_required: str
    medical_excludes: str
    must_be_verified: bool
    must_be_unexpired: bool
    same_submajor_group: bool
    preferred_countries_only: bool
    protection: tuple[ProtectionRule, ...] = field(default_factory=tuple)
    sources: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path | None = None) -> RuleSet:
        path = path or data_dir() / "rules" / "ruleset.yaml"
        try:
            raw = yaml.safe_load(path.read_text())
            return cls._from_dict(raw)
        except FileNotFoundError as exc:
            raise RuleSetError(f"rule file not found: {path}") from exc
        except (KeyError, TypeError, ValueError, yaml.YAMLError) as exc:
            raise RuleSetError(f"rule file {path} is malformed: {exc}") from exc

    @classmethod
    def _from_dict(cls, raw: dict[str, Any]) -> RuleSet:
        cand, job, pair = raw["candidate"], raw["job_order"], raw["pair"]
        rules = []
        for item in raw.get("protection", []):
            applies = item.get("applies_to", {})
            wage = item.get("minimum_wage") or {}
            lang = item.get("language_required") or {}
            rules.append(
                ProtectionRule(
                    id=str(item["id"]),
                    reason=str(item["reason"]),
                    source=str(item["source"]),
                    country=applies.get("country"),
                    sectors=tuple(applies.get("sector", [])),
                    schemes=tuple(applies.get("scheme", [])),
                    wage_currency=wage.get("currency"),
                    wage_schedule=tuple(
                        WageStep(_as_date(s["effective_from"]), float(s["amount"]))
                        for s in wage.get("schedule", [])
                    ),
                    allowed_schemes=tuple(item.get("allowed_schemes", [])),
                    language=lang.get("language"),
                    language_cefr=float(lang["cefr"]) if "cefr" in lang else None,
                    eps_topik_required=bool(item.get("eps_topik_required", False)),
                )
            )
        sources = {
            "minimum_age": cand["minimum_age"]["source"],
            "status_required": cand["status_required"]["source"],
            "medical_excludes": cand["medical_excludes"]["source"],
            "must_be_verified": job["must_be_verified"]["source"],
            "must_be_unexpired": job["must_be_unexpired"]["source"],
            "same_submajor_group": pair["occupation_same_submajor_group"]["source"],
            "preferred_countries_only": pair["preferred_countries_only"]["source"],
        } | {r.id: r.source for r in rules}
        return cls(
            version=str(raw["version"]),
            minimum_age=int(cand["minimum_age"]["value"]),
            status_required=str(cand["status_required"]["value"]),
            medical_excludes=str(cand["medical_excludes"]["value"]),
            must_be_verified=bool(job["must_be_verified"]["value"]),
            must_be_unexpired=bool(job["must_be_unexpired"]["value"]),
            same_submajor_group=bool(pair["occupation_same_submajor_group"]["value"]),
            preferred_countries_only=bool(pair["preferred_countries_only"]["value"]),
            protection=tuple(rules),
            sources=sources,
        )


def _as_date(value: object) -> date:
    if isinstance(value, date):
        return value
    return date.fromisoformat(str(value))
