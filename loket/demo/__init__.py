"""Demo data of the loket, fictional people only: ``seed`` (the run), dossiers, the demo forms;
``bulk`` makes many rows fast for the query-count tests and the benchmarks.
"""
