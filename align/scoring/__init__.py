"""Scoring against gold data: alignments (strict/lax P/R/F1) and divergence recall."""
