"""``{% federated_login_available %}``: whether the login page shows the school-account button.

A template tag, so ``accounts`` (which knows no other app) needs no import of ours.
"""

from django import template

from federatie.protocols import any_active

register = template.Library()


@register.simple_tag
def federated_login_available():
    return any_active()
