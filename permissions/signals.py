"""Signals of the permissions app.

``grant_changed`` is the hook through which the loket writes grants into the
logboek (``permissions`` may not import the loket). It is sent inside the
service's transaction with ``grant``, ``action`` ("verleend", "beeindigd",
"ingetrokken", "verlopen") and ``by`` (None for the expiry task).

The receivers below keep the externe members of an external organisation in
its inzage group (derived data, like the role groups in ``accounts.signals``).
"""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from accounts.models import Membership, Organisation

grant_changed = Signal()


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    from .grants import sync_organisation_groups

    user = (
        instance._meta.get_field("user").related_model.objects.filter(pk=instance.user_id).first()
    )
    if user is not None:
        sync_organisation_groups(user)


@receiver(post_delete, sender=Organisation)
def organisation_deleted(sender, instance, **kwargs):
    # The organisation's inzage group and its dossier permissions go with it.
    from .grants import organisation_group

    group = organisation_group(instance.pk, create=False)
    if group is not None:
        group.delete()
