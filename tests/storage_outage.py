"""The private storage as an S3 server that cannot be reached: a real refused
connection on a free port of 127.0.0.1 where nothing listens, no retries, so that a
test need not wait."""

from botocore.config import Config

from bench.http import free_port


def private_storage_away(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "prive",
                "endpoint_url": f"http://127.0.0.1:{free_port()}",  # nothing listens there
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "client_config": Config(
                    connect_timeout=0.5, retries={"max_attempts": 1, "mode": "standard"}
                ),
            },
        },
    }
