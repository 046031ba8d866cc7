"""The school's side: Mijn loket (``/loket/``), its lists, aanvraag and dossier pages, the plan."""
