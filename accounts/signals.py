"""Keep group membership in step with role memberships.

Memberships are edited inline on an organisation in the Wagtail admin, where
modelcluster saves and deletes them; a signal is the one place that sees every
such change. Groups are derived data, so this is not a business rule in a signal.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import Membership
from .roles import ensure_role_groups, sync_user_groups


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    # On a cascade from a deleted user the user row may already be gone.
    user = (
        instance._meta.get_field("user").related_model.objects.filter(pk=instance.user_id).first()
    )
    if user is not None:
        sync_user_groups(user)


@receiver(post_migrate)
def create_role_groups(sender, **kwargs):
    # Permissions of every app exist only once the last app has migrated.
    if sender is list(apps.get_app_configs())[-1]:
        ensure_role_groups()
