"""What the permissions app listens to (connected by ``PermissionsConfig.ready``).

The externe members of an external organisation are kept in its inzage group
(derived data, like the role groups) through a membership hook: ``accounts.signals``
is the one receiver of Membership changes and calls the hook with the user. A
deleted organisation takes its inzage group and that group's dossier permissions.
"""

from django.db.models.signals import post_delete
from django.dispatch import receiver

from accounts.models import Organisation
from accounts.signals import membership_hooks

from .grants import organisation_group, sync_organisation_groups


def membership_changed(user):
    sync_organisation_groups(user)


membership_hooks.register("permissions", membership_changed)


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    group = organisation_group(instance.pk, create=False)
    if group is not None:
        group.delete()
