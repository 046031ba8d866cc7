"""Where the encrypted backups go (``cms.operations.backup.store``): the ``backups`` storage.

A folder of their own (``BACKUP_ROOT``, owner-only files), or a private S3 bucket with
``BACKUP_S3_BUCKET`` and the ``S3_*`` connection of the site's own buckets. Give the
server write and list rights there, and delete rights only if the rotation is to run on
it (a bucket with object lock and its own expiry rule can do the rotation instead). The
other backup settings (keys, rotation, schedule) are in ``portal``.
"""

from .environment import env


def backup_storage(base_dir, s3_options):
    bucket = env("BACKUP_S3_BUCKET")
    if bucket:
        return {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3_options,
                "bucket_name": bucket,
                "default_acl": "private",
                "querystring_auth": True,
                "querystring_expire": 60,
            },
        }
    return {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": env("BACKUP_ROOT", str(base_dir / "backups")),
            "base_url": None,
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    }
