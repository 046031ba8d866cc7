"""Imports for beheerders: organisations and users from CSV or Excel (django-import-export).

``tabular`` reads the uploaded file, ``widgets`` reads cells, ``resources`` says what a
row becomes, ``views`` is the upload → preview → confirm page in the admin.
"""
