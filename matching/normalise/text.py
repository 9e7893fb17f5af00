"""Text cleaning shared by every normaliser: one definition of a 'clean key'."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from importlib import resources

import numpy as np
import pandas as pd

_NON_ALNUM = re.compile(r"[^0-9a-z+#]+")
_SPACES = re.compile(r"\s+")
# Latin letters that Unicode does not decompose into a base letter and an accent ("ł" in Polish
# "spawacz/szwaczka przemysłowa", "ø" in Danish, dotless "ı" in Turkish); applied after
# lower-casing, so lower-case letters only.
_UNDECOMPOSED = str.maketrans(
    {"ł": "l", "ø": "o", "đ": "d", "ı": "i", "æ": "ae", "œ": "oe", "þ": "th", "ð": "d", "ħ": "h"}
)


def clean_text(value: object) -> str:
    """Casefold, strip accents, replace punctuation with spaces, collapse whitespace.

    >>> clean_text("  Perawat  Lansia (Kaigo)/ÉLDER ")
    'perawat lansia kaigo elder'
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    text = str(value)
    if text.isascii():  # most values: skip the Unicode work
        text = text.casefold()
    else:
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
        text = text.casefold().translate(_UNDECOMPOSED)
    text = _NON_ALNUM.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def clean_series(values: pd.Series) -> pd.Series:
    """`clean_text` over a column, computed once per unique value (columns repeat a lot)."""
    codes, uniques = pd.factorize(values.astype("object"), use_na_sentinel=True)
    cleaned = np.array([clean_text(u) for u in uniques] + [""], dtype=object)
    return pd.Series(cleaned[codes], index=values.index, dtype=object)


def split_multi(value: object, sep: str = ";") -> list[str]:
    """Split a ';'-separated free-text field into stripped, non-empty parts (also "|")."""
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return []
    parts = re.split(r"[;|]", str(value)) if sep == ";" else str(value).split(sep)
    return [p.strip() for p in parts if p.strip()]


@cache
def indonesian_root_words() -> frozenset[str]:
    """The Indonesian root words (*kata dasar*, ~30,000) of the Sastrawi stemmer's dictionary.

    Correctly spelled Indonesian words: a title word found here is not a typo of another word.
    """
    data = resources.files("Sastrawi.Stemmer").joinpath("data", "kata-dasar.txt")
    return frozenset(
        w for w in (line.strip() for line in data.read_text("utf-8").splitlines()) if w
    )
