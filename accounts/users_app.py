"""The app config that stands in for ``wagtail.users`` (a module of its own: two
configs in ``accounts.apps`` would stop Django from picking ``AccountsConfig``)."""

from wagtail.users.apps import WagtailUsersAppConfig


class AccountsUsersConfig(WagtailUsersAppConfig):
    """Wagtail's users app with our user forms (no groups, no superuser flag).

    Wagtail 8 takes the user forms from its user viewset only (the old
    ``WAGTAIL_USER_EDIT_FORM`` setting is no longer read), so the viewset is
    replaced here and this config stands in for ``wagtail.users`` in
    ``INSTALLED_APPS``.
    """

    user_viewset = "accounts.user_admin.UserViewSet"
