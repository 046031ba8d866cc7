"""Knowledge base: categories, articles, search and feedback (filled by the kennisbank issue)."""
