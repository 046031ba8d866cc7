"""The multi-step loket form engine (filled by the form engine issue)."""
