"""Bewaartermijnen: the rules per kind (``rules``), removal (``removal``), the admin (``admin``)."""
