"""The backup archive (``cms.operations.backup.archive``): age encryption of a tar, streamed.

A wrong key, one changed byte, a cut-off file: refused with a clear message, before
anything is restored. Production writes no plaintext and restores none. The server may
hold only the public key: then it can write backups and not read them."""

import os

import pytest
from django.core.management.base import CommandError

from cms.operations.backup import archive

KEY, PUBLIC = archive.generate_key()
OTHER_KEY, _ = archive.generate_key()


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "snapshot"
    (src / "files" / "private" / "bijlagen").mkdir(parents=True)
    (src / "manifest.json").write_text('{"format": 1}')
    # More than one age chunk (64 KiB), so reordering and truncation are possible at all.
    (src / "files" / "private" / "bijlagen" / "opp.pdf").write_bytes(os.urandom(300_000))
    return src


@pytest.fixture
def keys(settings):
    settings.BACKUP_AGE_RECIPIENTS = [PUBLIC]
    settings.BACKUP_AGE_IDENTITY = KEY
    settings.BACKUP_AGE_IDENTITY_FILE = ""
    return settings


def packed(folder, path):
    with open(path, "wb") as out:
        archive.write(folder, out)
    return path


def unpack(path, dest, encrypted=True):
    with open(path, "rb") as fh:
        archive.read(fh, dest, encrypted=encrypted)


def test_round_trip_is_encrypted_and_byte_exact(keys, folder, tmp_path):
    path = packed(folder, tmp_path / "b.tar.age")
    raw = path.read_bytes()
    assert raw.startswith(b"age-encryption.org/v1\n")
    assert b"manifest.json" not in raw and b'{"format": 1}' not in raw
    unpack(path, tmp_path / "out")
    for name in ("manifest.json", "files/private/bijlagen/opp.pdf"):
        assert (tmp_path / "out" / name).read_bytes() == (folder / name).read_bytes()


def test_the_server_needs_only_the_public_key_to_write(keys, folder, tmp_path):
    keys.BACKUP_AGE_IDENTITY = ""
    path = packed(folder, tmp_path / "b.tar.age")
    with pytest.raises(CommandError, match="zet BACKUP_AGE_IDENTITY"):
        unpack(path, tmp_path / "out")
    keys.BACKUP_AGE_IDENTITY_FILE = str(tmp_path / "key.txt")
    (tmp_path / "key.txt").write_text(f"# created: vandaag\n{KEY}\n")
    unpack(path, tmp_path / "out")
    assert (tmp_path / "out" / "manifest.json").exists()


def test_a_wrong_key_is_refused(keys, folder, tmp_path):
    path = packed(folder, tmp_path / "b.tar.age")
    keys.BACKUP_AGE_IDENTITY = OTHER_KEY
    with pytest.raises(CommandError, match="niet met deze sleutel"):
        unpack(path, tmp_path / "out")


@pytest.mark.parametrize("where", ["header", "middle", "end"])
def test_one_changed_byte_is_refused(keys, folder, tmp_path, where):
    path = packed(folder, tmp_path / "b.tar.age")
    data = bytearray(path.read_bytes())
    index = {"header": 40, "middle": len(data) // 2, "end": len(data) - 5}[where]
    data[index] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        unpack(path, tmp_path / "out")


def test_a_cut_off_file_is_refused(keys, folder, tmp_path):
    path = packed(folder, tmp_path / "b.tar.age")
    data = path.read_bytes()
    # Cut at a chunk boundary too: age's final-chunk flag must notice a missing last chunk.
    # The payload starts after the header's "--- <mac>" line and a 16-byte nonce; each
    # chunk is 64 KiB of ciphertext plus a 16-byte tag.
    payload = data.index(b"\n", data.index(b"\n---") + 1) + 1 + 16
    boundary = payload + 2 * (65536 + 16)
    assert boundary < len(data)
    for length in (len(data) - 100, boundary):
        path.write_bytes(data[:length])
        with pytest.raises(CommandError, match="beschadigd of veranderd"):
            unpack(path, tmp_path / f"out{length}")


def test_a_bad_public_key_is_a_clear_error(keys, folder, tmp_path):
    keys.BACKUP_AGE_RECIPIENTS = ["age1nietgeldig"]
    with pytest.raises(CommandError, match="geen geldige age-sleutel"):
        packed(folder, tmp_path / "b.tar.age")


def test_production_refuses_plaintext_both_ways(settings, folder, tmp_path):
    settings.BACKUP_AGE_RECIPIENTS, settings.BACKUP_AGE_IDENTITY = [], ""
    settings.IS_PRODUCTION = False
    assert archive.suffix() == archive.PLAIN  # dev and demo: a plain tar, documented
    path = packed(folder, tmp_path / "b.tar")
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="geen onversleutelde back-up"):
        archive.suffix()
    with pytest.raises(CommandError, match="geen onversleutelde back-up"):
        packed(folder, tmp_path / "c.tar")
    with pytest.raises(CommandError, match="alleen een versleutelde back-up"):
        unpack(path, tmp_path / "out", encrypted=False)


def test_the_backup_command_refuses_in_production_before_any_work(settings, tmp_path):
    from django.core.management import call_command

    settings.BACKUP_AGE_RECIPIENTS, settings.BACKUP_AGE_IDENTITY = [], ""
    settings.IS_PRODUCTION = True
    with pytest.raises(CommandError, match="geen onversleutelde back-up"):
        call_command("backup", str(tmp_path / "backups"))
    assert not (tmp_path / "backups").exists()


def test_a_new_key_pair_is_printed_and_not_stored(capsys, tmp_path):
    from django.core.management import call_command

    call_command("backup", "--nieuwe-sleutel")
    out = capsys.readouterr().out
    assert "BACKUP_AGE_RECIPIENTS=age1" in out and "AGE-SECRET-KEY-1" in out
