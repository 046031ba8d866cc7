"""The pupil register: one pupil, one dossier per school ("1 kind, 1 plan").

``matching`` finds a pupil the way a school writes them (case, spacing and accents
do not make a second pupil), ``imports`` reads the school's pupils from its
administration's export (CSV or Excel), ``views`` is the register in Mijn loket.
"""
