"""Who may see what: grants on dossiers for externen (filled by the inzage issue)."""
