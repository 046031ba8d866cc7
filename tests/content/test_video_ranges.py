"""Instruction videos answer HTTP range requests (a player seeks with them), through
the document URL and after the same access check as every document; the captions
track is served as before. The demo's real WebM file, stored in the test storage."""

import pathlib

import pytest

from cms.files.ranges import Unsatisfiable, parse_range
from content.choices import Audience
from tests.content.conftest import add_manual, make_document

pytestmark = pytest.mark.django_db

MEDIA = pathlib.Path(__file__).resolve().parents[2] / "content" / "demo_media"
WEBM = (MEDIA / "loketmodule.webm").read_bytes()
VTT = (MEDIA / "loketmodule.vtt").read_bytes()


@pytest.fixture
def video():
    return make_document("Instructievideo", WEBM, name="loketmodule.webm")


@pytest.fixture
def manual(handleidingen, video):
    captions = make_document("Ondertiteling", VTT, name="loketmodule.vtt")
    return add_manual(
        handleidingen,
        "Loketmodule",
        Audience.LOKETMODULE,
        video_file=video,
        captions_file=captions,
        transcript="<p>Log in.</p>",
    )


def _body(response):
    return b"".join(response.streaming_content)


def test_without_range_the_whole_video_and_accept_ranges(client, manual, video):
    response = client.get(video.url)
    assert response.status_code == 200
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Type"] == "video/webm"
    assert response["Content-Length"] == str(len(WEBM))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert _body(response) == WEBM


@pytest.mark.parametrize(
    ("header", "first", "last"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, len(WEBM) - 1),
        ("bytes=-500", len(WEBM) - 500, len(WEBM) - 1),
        (f"bytes=100-{len(WEBM) * 2}", 100, len(WEBM) - 1),  # the end is clipped
    ],
)
def test_a_range_gets_206_with_exactly_those_bytes(client, manual, video, header, first, last):
    response = client.get(video.url, HTTP_RANGE=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(WEBM)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Accept-Ranges"] == "bytes"
    assert _body(response) == WEBM[first : last + 1]


def test_a_range_beyond_the_end_gets_416(client, manual, video):
    response = client.get(video.url, HTTP_RANGE=f"bytes={len(WEBM)}-")
    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{len(WEBM)}"


@pytest.mark.parametrize("header", ["bytes=0-1,5-6", "bytes=9-3", "items=0-5", "bytes=abc"])
def test_ranges_we_do_not_serve_get_the_whole_file(client, manual, video, header):
    response = client.get(video.url, HTTP_RANGE=header)
    assert response.status_code == 200
    assert _body(response) == WEBM


def test_if_range_of_another_version_gets_the_whole_file(client, manual, video):
    response = client.get(video.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"oud"')
    assert response.status_code == 200 and len(_body(response)) == len(WEBM)
    etag = client.get(video.url)["ETag"]
    same = client.get(video.url, HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert same.status_code == 206 and _body(same) == WEBM[:10]
    assert client.get(video.url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_private_video_stays_private_with_a_range(client, video):
    # Not used by a live manual, not in the public collection: a 404 as any document.
    response = client.get(video.url, HTTP_RANGE="bytes=0-99")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in response.content.decode()


def test_the_captions_track_stays(client, manual):
    html = client.get(manual.url).content.decode()
    captions = manual.captions_file
    assert f'<track kind="captions" src="{captions.url}" srclang="nl"' in html
    track = client.get(captions.url)
    assert track.status_code == 200 and track["Content-Type"].startswith("text/vtt")
    assert b"".join(track.streaming_content) == VTT


def test_parse_range_edges():
    assert parse_range(None, 10) is None
    assert parse_range("bytes=0-0", 10) == (0, 0)
    assert parse_range("bytes=-20", 10) == (0, 9)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=-0", 10)
    with pytest.raises(Unsatisfiable):
        parse_range("bytes=0-", 0)
