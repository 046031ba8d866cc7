"""Speed without stale pages: the anonymous page cache and what it is built on.

``pages`` is the page cache and ``remember`` (kept per cache generation), ``backend``
the Redis cache that goes on without Redis, ``sitewide`` what every request looks up
once per generation, ``routing`` page routing in one query.
"""
