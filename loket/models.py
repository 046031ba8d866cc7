"""The mailbox domain: leerling, dossier, aanvraag (filled by the loket issue)."""
