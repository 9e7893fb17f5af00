"""The data contract: required columns of every input table and the closed vocabularies.

One place for the contract; readers (`matching.io`), normalisers and the sample generator import it.
"""

from __future__ import annotations

from enum import IntEnum, StrEnum

CANDIDATE_COLUMNS: tuple[str, ...] = (
    "candidate_id",
    "full_name",
    "nik",
    "gender",
    "birth_date",
    "province",
    "regency",
    "education",
    "occupation",
    "skills",
    "experience_years",
    "languages",
    "certificates",
    "preferred_countries",
    "passport",
    "medical",
    "registered_at",
    "status",
)

JOB_ORDER_COLUMNS: tuple[str, ...] = (
    "job_order_id",
    "p3mi_id",
    "scheme",
    "country",
    "employer",
    "occupation",
    "sector",
    "slots",
    "gender",
    "age_min",
    "age_max",
    "education_min",
    "experience_min",
    "languages_required",
    "certificates_required",
    "skills",
    "salary",
    "currency",
    "valid_until",
    "verified",
)

QUOTA_COLUMNS: tuple[str, ...] = ("country", "sector", "quota")

# Free-text fields holding several values separated by ';'.
MULTI_VALUED: frozenset[str] = frozenset(
    {
        "skills",
        "languages",
        "certificates",
        "preferred_countries",
        "languages_required",
        "certificates_required",
    }
)
LIST_SEPARATOR = ";"

ERROR_COLUMNS: tuple[str, ...] = ("file", "row", "column", "value", "reason", "severity")


class Severity(StrEnum):
    """`error` rejects the row; `warning` keeps it (value coerced or suspicious)."""

    ERROR = "error"
    WARNING = "warning"


class Sector(StrEnum):
    """PMI sectors used for quotas and reporting."""

    CARE = "care"
    DOMESTIC = "domestic"
    HEALTH = "health"
    MANUFACTURING = "manufacturing"
    CONSTRUCTION = "construction"
    FISHERY = "fishery"
    AGRICULTURE = "agriculture"
    HOSPITALITY = "hospitality"
    TRANSPORT = "transport"
    OTHER = "other"


class Scheme(StrEnum):
    """Placement schemes (UU 18/2017; Renstra 2025-2029 SWOT O6)."""

    G_TO_G = "G to G"
    G_TO_P = "G to P"
    P_TO_P = "P to P"
    UKPS = "UKPS"
    PERSEORANGAN = "perseorangan"
    SPSK = "SPSK"


class Gender(StrEnum):
    MALE = "M"
    FEMALE = "F"


class Medical(StrEnum):
    FIT = "fit"
    UNFIT = "unfit"
    PENDING = "pending"


class Status(StrEnum):
    AVAILABLE = "available"
    PLACED = "placed"
    WITHDRAWN = "withdrawn"


class Education(IntEnum):
    """Education ladder; equal values are equivalent (SMA = SMK, D4 = S1)."""

    SD = 1
    SMP = 2
    SMA = 3
    SMK = 3
    D1 = 4
    D2 = 5
    D3 = 6
    D4 = 7
    S1 = 7
    S2 = 8
    S3 = 9
