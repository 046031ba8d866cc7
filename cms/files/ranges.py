"""Serving a stored file with HTTP range requests (RFC 9110, section 14).

A ``<video>`` element asks for the file in parts: ``Range: bytes=0-`` first, then
the part the viewer jumps to. Without ``206 Partial Content`` a browser cannot
seek, and Safari does not play an MP4 at all. Django's ``FileResponse`` knows no
ranges, so this module answers them for any file opened from a storage (folder or
S3 alike: it only seeks and reads):

- no ``Range`` (or one we do not serve): ``200`` with the whole file and
  ``Accept-Ranges: bytes``;
- one satisfiable range: ``206`` with ``Content-Range: bytes first-last/size``;
- a range that starts beyond the end: ``416`` with ``Content-Range: bytes */size``.

Several ranges in one request (``bytes=0-1,5-6``) get the whole file, which the
RFC allows and which spares a multipart body no player asks for. ``If-Range`` with
another ETag than the file's also gets the whole file: the part the client holds
belongs to an older version.

``serve_private_file`` wraps this for the loket's private files (bijlagen, formal
letters): the view checks who may see the file first, exactly as before, and only
then asks for the response; the Wagtail documents use ``ranged_response`` through
``content.documents.serve_ranged``.
"""

import re

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header

CHUNK = 64 * 1024
_SPEC = re.compile(r"\s*(\d*)\s*-\s*(\d*)\s*")


class Unsatisfiable(Exception):
    """The range starts at or after the end of the file."""


def parse_range(header, size):
    """``(first, last)`` byte positions (inclusive) asked for by ``header``, or None
    when the whole file is to be sent; raises ``Unsatisfiable``."""
    if not header or not header.strip().lower().startswith("bytes="):
        return None
    spec = header.strip()[len("bytes=") :]
    if "," in spec:
        return None
    match = _SPEC.fullmatch(spec)
    if not match or not (match[1] or match[2]):
        return None  # not a range we understand: ignored, as the RFC allows
    if match[1]:
        first = int(match[1])
        last = int(match[2]) if match[2] else size - 1
        if first >= size:
            raise Unsatisfiable
        if last < first:
            return None
        return first, min(last, size - 1)
    suffix = int(match[2])  # "bytes=-500": the last 500 bytes
    if suffix == 0 or size == 0:
        raise Unsatisfiable
    return max(size - suffix, 0), size - 1


class _Part:
    """The bytes ``first`` .. ``first + length - 1`` of ``file``, read in chunks. The
    response calls ``close`` when it is done, sent or not."""

    def __init__(self, file, first, length):
        self.file, self.first, self.length = file, first, length

    def __iter__(self):
        self.file.seek(self.first)
        remaining = self.length
        while remaining > 0:
            data = self.file.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data

    def close(self):
        self.file.close()


def ranged_response(request, open_file, size, content_type, etag=None):
    """The response to ``request`` for a file of ``size`` bytes. ``open_file`` is
    called only when bytes are sent (not for a 304 or 416) and returns a file object
    in binary mode, which the response closes."""
    if etag:
        etag = f'"{etag.strip(chr(34))}"'
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            return not_modified
    header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    if if_range and if_range != etag:
        header = None
    try:
        asked = parse_range(header, size)
    except Unsatisfiable:
        response = HttpResponse(
            "Dit deel van het bestand bestaat niet.",
            status=416,
            content_type="text/plain; charset=utf-8",
        )
        response["Content-Range"] = f"bytes */{size}"
        response["Accept-Ranges"] = "bytes"
        return response
    first, last = asked if asked else (0, size - 1)
    length = max(last - first + 1, 0)
    # Opened here, not while streaming: a storage that is away is still the
    # Dutch 503 of cms.security.middleware, not a broken download.
    response = StreamingHttpResponse(_Part(open_file(), first, length), content_type=content_type)
    if asked:
        response.status_code = 206
        response["Content-Range"] = f"bytes {first}-{last}/{size}"
    response["Content-Length"] = str(length)
    response["Accept-Ranges"] = "bytes"
    if etag:
        response["ETag"] = etag
    return response


def sends_bytes(response):
    """Whether ``response`` hands over (part of) the file: a download to log. A 304 or
    416 sends nothing; every 200 and 206 does, so a reader who fetches a file in
    parts is logged for each part rather than not at all."""
    return response.status_code in (200, 206)


def serve_private_file(request, field_file, *, content_type, filename, etag=None):
    """``field_file`` (a stored ``FieldFile``) as an attachment named ``filename``, with
    range requests. Call it only after the access check. A file missing from the
    storage is a 404, as it was with ``FileResponse``."""
    try:
        response = ranged_response(
            request,
            lambda: field_file.open("rb"),
            field_file.size,
            content_type or "application/octet-stream",
            etag=etag or None,
        )
    except FileNotFoundError:
        raise Http404 from None
    if sends_bytes(response):
        response["Content-Disposition"] = content_disposition_header(True, filename)
    response["X-Content-Type-Options"] = "nosniff"
    return response
