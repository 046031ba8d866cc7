"""A dossier's lifecycle: archiving it (``archive``) and transferring it (``transfer``)."""
