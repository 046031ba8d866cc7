"""The private storage as an S3 server that cannot be reached: a real refused
connection on a free port of 127.0.0.1 where nothing listens, no retries, so that a
test need not wait."""

import socket

from botocore.config import Config


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # closed again when the socket is


def private_storage_away(settings):
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                "bucket_name": "prive",
                "endpoint_url": f"http://127.0.0.1:{closed_port()}",
                "region_name": "us-east-1",
                "access_key": "test",
                "secret_key": "test",
                "client_config": Config(
                    connect_timeout=0.5, retries={"max_attempts": 1, "mode": "standard"}
                ),
            },
        },
    }
