"""The aanvraag's lifecycle: from a handed-off form to a besluit.

``intake`` turns a submission into an aanvraag, ``transitions`` is the status machine,
``besluit`` the decision, ``ledger`` the TOP budget, ``documenten`` the formal PDFs,
``bijlagen`` stored files, ``notifications`` the mails to schools. ``services`` gathers
the public functions in one import. ``form_setup`` and ``form_fields`` register what
the loket needs in the form engine (hand-offs, the pupil field, field roles).
"""
