"""AVG art. 15: everything about one pupil (``collect``), as an export (``export``, ``views``)."""
