"""Activation links: how an account without 2FA gets its first TOTP secret.

``links`` makes and checks the links, ``models`` keeps their stored half,
``views`` is the flow (link → password → authenticator app → backup codes).
"""
