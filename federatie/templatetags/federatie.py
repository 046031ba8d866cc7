"""``{% federated_login_available %}``: whether the login page shows the school-account button.

A template tag, so ``accounts`` (which knows no other app) needs no import of ours.
"""

from django import template

from federatie.linking import providers_for_login

register = template.Library()


@register.simple_tag
def federated_login_available():
    return providers_for_login().exists()
