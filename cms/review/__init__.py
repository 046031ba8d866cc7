"""Four eyes on public content: the editorial workflow and its finish action."""
