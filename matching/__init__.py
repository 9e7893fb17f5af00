"""padupadan's pure computation: normalise, eligibility, score, assign, metrics.

Nothing here imports `api/` or a database driver.
"""

__version__ = "0.1.0"
