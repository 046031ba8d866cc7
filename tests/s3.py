"""A local S3-compatible server (moto's server mode, a process on a random loopback
port) and the portal's two storages on fresh buckets in it. The fixtures live here, not
in a conftest, so that tests outside ``tests/cms`` (retention, the file sweep) import
them by name instead of from another test module."""

import socket
import subprocess
import sys
import time
import uuid

import boto3
import pytest

from bench.http import free_port


@pytest.fixture(scope="module")
def s3_endpoint():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


def s3_client(endpoint):
    """A boto3 client for the local server (moto takes any key)."""
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id="test",
        aws_secret_access_key="test",
    )


@pytest.fixture
def s3_storages(settings, s3_endpoint):
    common = {
        "endpoint_url": s3_endpoint,
        "region_name": "us-east-1",
        "access_key": "test",
        "secret_key": "test",
        "file_overwrite": False,
    }
    client = s3_client(s3_endpoint)
    public, private = f"media-{uuid.uuid4().hex[:8]}", f"private-{uuid.uuid4().hex[:8]}"
    for bucket in (public, private):
        client.create_bucket(Bucket=bucket)
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": public, "querystring_auth": False},
        },
        "private": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {**common, "bucket_name": private, "querystring_auth": True},
        },
    }
    return client, public, private
