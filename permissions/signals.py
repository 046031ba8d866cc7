"""Signals of the permissions app.

``grant_changed`` is the hook through which the loket writes grants into the
logboek (``permissions`` may not import the loket). It is sent inside the
service's transaction with ``grant``, ``action`` ("verleend", "beeindigd",
"ingetrokken", "verlopen") and ``by`` (None for the expiry task).

The externe members of an external organisation are kept in its inzage group
(derived data, like the role groups) through a membership hook: ``accounts.signals``
is the one receiver of Membership changes and calls the hook with the user.
"""

from django.db.models.signals import post_delete
from django.dispatch import Signal, receiver

from accounts.models import Organisation
from accounts.signals import membership_hooks

grant_changed = Signal()


def membership_changed(user):
    from .grants import sync_organisation_groups

    sync_organisation_groups(user)


membership_hooks.register("permissions", membership_changed)


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    # The organisation's inzage group and its dossier permissions go with it.
    from .grants import organisation_group

    group = organisation_group(instance.pk, create=False)
    if group is not None:
        group.delete()
