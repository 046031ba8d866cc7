"""Demo kennisbank from the seeds (``seed``, ``data``, ``data_loket``); ``bulk`` for benchmarks."""
