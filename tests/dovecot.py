"""A real IMAP and POP3 server (Debian's dovecot) of one test, without root.

Dovecot runs in the foreground as a child of the test with a configuration in a
temporary directory of its own: IMAP and POP3 on free loopback ports, STARTTLS required
(a self-signed certificate for 127.0.0.1 made here with ``openssl``; the tests trust it
through ``NEWSLETTER_BOUNCE_CA_FILE``), one user from a password file and a Maildir.
Every dovecot process runs as one unprivileged user: the current one, or ``nobody``
when the tests run as root (CI's container), as dovecot's login processes refuse root.
Nothing of the system's /etc/dovecot is read. It answers within a few hundredths of a
second.

The test fills the mailbox by IMAP APPEND (what the mail server's delivery agent would
have put there) and reads it back through ``content.nieuwsbrieven.mailboxes``.
"""

import grp
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from bench.http import free_port

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "bounces", "geheim-bounce-wachtwoord"


class DovecotProcess:
    def __init__(self):
        self.imap_port, self.pop3_port = free_port(), free_port()
        # Not under pytest's tmp_path: its parents are closed to other users (0700),
        # and when the tests run as root dovecot runs as ``nobody``.
        self.directory = Path(tempfile.mkdtemp(prefix="swv-dovecot-"))
        if os.geteuid() == 0:
            self.user, self.group = "nobody", grp.getgrgid(pwd.getpwnam("nobody").pw_gid).gr_name
        else:
            self.user = pwd.getpwuid(os.geteuid()).pw_name
            self.group = grp.getgrgid(os.getegid()).gr_name
        self.certificate = self.directory / "cert.pem"
        self.process = None

    def _write_config(self):
        d = self.directory
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2"]
            + ["-keyout", str(d / "key.pem"), "-out", str(self.certificate)]
            + ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
            check=True,
            capture_output=True,
        )
        (d / "home").mkdir()
        (d / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::{d / 'home'}\n")
        (d / "dovecot.conf").write_text(
            f"""
protocols = imap pop3
listen = 127.0.0.1
base_dir = {d / "run"}
state_dir = {d / "state"}
instance_name = swv-test-{self.imap_port}
default_internal_user = {self.user}
default_internal_group = {self.group}
default_login_user = {self.user}
mail_uid = {self.user}
mail_gid = {self.group}
first_valid_uid = 0
log_path = {d / "dovecot.log"}
ssl = required
ssl_cert = <{self.certificate}
ssl_key = <{d / "key.pem"}
auth_mechanisms = plain
passdb {{
  driver = passwd-file
  args = scheme=PLAIN {d / "users"}
}}
userdb {{
  driver = passwd-file
  args = {d / "users"}
}}
mail_location = maildir:~/Maildir
service imap-login {{
  chroot =
  inet_listener imap {{
    port = {self.imap_port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service pop3-login {{
  chroot =
  inet_listener pop3 {{
    port = {self.pop3_port}
  }}
  inet_listener pop3s {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
"""
        )
        if os.geteuid() == 0:
            shutil.chown(d, self.user, self.group)
            for path in d.iterdir():
                shutil.chown(path, self.user, self.group)

    def start(self):
        self._write_config()
        cmd = [DOVECOT, "-F", "-c", str(self.directory / "dovecot.conf")]
        if os.geteuid() == 0:
            cmd = [
                "setpriv",
                f"--reuid={self.user}",
                f"--regid={self.group}",
                "--clear-groups",
            ] + cmd
        began = time.monotonic()
        self.process = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        while time.monotonic() - began < 20:
            if self.process.poll() is not None:
                raise RuntimeError(f"dovecot stopped: {self.process.stderr.read()!r} {self.log()}")
            if all(self._answers(port) for port in (self.imap_port, self.pop3_port)):
                self.startup_seconds = time.monotonic() - began
                return
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"dovecot did not answer within 20 s: {self.log()}")

    @staticmethod
    def _answers(port):
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as sock:
                return sock.recv(4).startswith((b"* OK", b"+OK"))
        except OSError:
            return False

    def log(self):
        path = self.directory / "dovecot.log"
        return path.read_text()[-2000:] if path.exists() else ""

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process is not None:
            self.process.stderr.close()
        shutil.rmtree(self.directory, ignore_errors=True)


@pytest.fixture
def dovecot():
    server = DovecotProcess()
    server.start()
    yield server
    server.stop()
