"""Benchmarks: ``python -m bench.<name>``; figures go in the report, never in tests."""
