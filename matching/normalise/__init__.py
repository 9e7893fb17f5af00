"""Normalisers: scikit-learn-style objects fitted on reference data, vectorised over columns."""
