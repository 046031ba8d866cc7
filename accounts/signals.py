"""Keep what is derived from role memberships in step with them: the one path.

Memberships are edited inline on an organisation in the Wagtail admin, where
modelcluster saves and deletes them; a signal is the one place that sees every
such change. Groups are derived data, so this is not a business rule in a signal.

This module has the only receiver of Membership saves and deletes. It looks the
user up once, puts them in their role groups, and then calls every hook in
:data:`membership_hooks` with that user: other apps keep their own derived data
(such as organisation groups) by registering a hook under their app label,
instead of receiving the model signal themselves.
"""

from django.apps import apps
from django.db.models.signals import post_delete, post_migrate, post_save
from django.dispatch import receiver

from .models import Membership
from .registry import Registry
from .roles import ensure_role_groups, sync_user_groups

# key → callable(user), called after the user's role groups are synced.
membership_hooks = Registry("membership hooks")


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def membership_changed(sender, instance, **kwargs):
    # On a cascade from a deleted user the user row may already be gone.
    user = (
        instance._meta.get_field("user").related_model.objects.filter(pk=instance.user_id).first()
    )
    if user is None:
        return
    sync_user_groups(user)
    for _key, hook in membership_hooks.items():
        hook(user)


@receiver(post_migrate)
def create_role_groups(sender, **kwargs):
    # Permissions of every app exist only once the last app has migrated.
    if sender is list(apps.get_app_configs())[-1]:
        ensure_role_groups()
