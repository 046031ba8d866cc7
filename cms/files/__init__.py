"""Files: the one private storage (``storage``) and the one PDF writer (``pdf``)."""
