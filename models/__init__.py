"""Data shapes of padupadan: the input contract (columns, enumerations) and, later, persistence."""
