"""Builders for realistic data and logged-in clients, shared by ``tests/`` and ``bench/``.

Never imported by product code. ``bench/`` imports from here, never from ``tests/``:
a benchmark must not depend on test fixtures. Bulk builders of an app's own rows
live with that app's demo (``loket.demo.seed.bulk``, ``kennisbank.demo.seed.bulk``).
"""
