"""The privacy officer's room: AVG export (``avg``), retention (``retention``), monitoring."""
