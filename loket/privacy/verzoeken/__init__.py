"""The register of AVG requests: deadlines (``termijnen``), what each step does
(``services``), the admin pages (``views``, ``forms``) and the dashboard panel."""
