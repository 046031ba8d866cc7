"""The Wagtail sidebar of the inbox, kept per user in the process.

Wagtail builds the sidebar on every admin request: every menu item asks whether it
is shown (the page explorer, images, documents, collections and the forms item each
read permissions or pages from the database), then the menu is packed for the
JavaScript (telepath) and written out as JSON. What it shows depends only on the
user: their name and avatar, their permissions, roles and profile, and what exists
(forms, collections) for them to manage. So it is made once and kept under a key
of the user's id, the language, the user's permissions and roles as read for this
request anyway (``has_perm`` and ``permissions.policy`` have them), and
``kept.inbox_generation`` combined with the page-cache generation: a save of the
account, its profile, a membership, a page or collection permission, or a
publish, move or delete of a page makes it anew. The key holds no name or address,
and it is never shared: one process's memory, the user's own id in every key, so
no user's menu is ever served to another. An entry lives at most
``DERIVED_CACHE_SECONDS``.
"""

import hashlib

from django.utils.translation import get_language
from wagtail.admin.templatetags.wagtailadmin_tags import sidebar_props

from accounts.models import Role
from loket.staff.kept import Kept
from permissions import policy

_kept_sidebars = Kept(256)


def _rights(user):
    """A digest of what decides which menu items ``user`` sees: permissions, roles,
    superuser and active flags."""
    # A superuser has every permission without reading them (Django would read all of
    # them for get_all_permissions): the flag says it.
    parts = ["superuser"] if user.is_superuser else sorted(user.get_all_permissions())
    parts += [f"role:{role}" for role in Role.values if policy.has_role(user, role)]
    parts.append(f"active:{user.is_active}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def sidebar_html(context, generation):
    """Wagtail's ``{% sidebar_props %}`` for the request in ``context``, kept."""
    user = context["request"].user
    key = (user.pk, get_language(), generation, _rights(user))
    html = _kept_sidebars.get(key)
    if html is None:
        html = sidebar_props(context)
        _kept_sidebars.put(key, html)
    return html
