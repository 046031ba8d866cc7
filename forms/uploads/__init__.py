"""The one upload pipeline (``files``), file kinds judged on content, virus scan (``clamd``)."""
