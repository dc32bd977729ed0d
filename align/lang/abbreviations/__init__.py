"""Per-language abbreviation lists used by :mod:`align.segment` (format: ``generic.txt``)."""
