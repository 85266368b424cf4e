"""A real IMAP server for the mail tests: Debian's dovecot, started by the test on a loopback port with its
own throwaway configuration, user and self-signed TLS certificate (all in a temp dir), stopped after."""

from __future__ import annotations

import imaplib
import os
import pwd
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
USER, PASSWORD = "ldld", "mat-khau-thu-nghiem"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Dovecot:
    root: Path
    port: int
    process: subprocess.Popen[bytes]
    store: Path

    @property
    def cafile(self) -> Path:
        return self.root / "cert.pem"

    def env(self) -> dict[str, str]:
        return {"BANTIN_IMAP_HOST": "127.0.0.1", "BANTIN_IMAP_PORT": str(self.port), "BANTIN_IMAP_USER": USER,
                "BANTIN_IMAP_PASSWORD": PASSWORD, "BANTIN_IMAP_CAFILE": str(self.cafile)}

    def connect(self) -> imaplib.IMAP4_SSL:
        conn = imaplib.IMAP4_SSL("127.0.0.1", self.port, ssl_context=ssl.create_default_context(cafile=str(self.cafile)))
        conn.login(USER, PASSWORD)
        return conn

    def deliver(self, raw: bytes, folder: str = "INBOX") -> None:
        conn = self.connect()
        try:
            status, _ = conn.append(folder, "", imaplib.Time2Internaldate(time.time()), raw)
            assert status == "OK"
        finally:
            conn.logout()

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=20)
        if self.store.parent.name.startswith("bantin-dovecot-"):
            shutil.rmtree(self.store.parent, ignore_errors=True)


def start(root: Path) -> Dovecot:
    root.mkdir(parents=True, exist_ok=True)
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(root / "key.pem"), "-out", str(root / "cert.pem")],
                   check=True, capture_output=True, timeout=120)
    (root / "users").write_text(f"{USER}:{{PLAIN}}{PASSWORD}::::\n", encoding="utf-8")
    port = _free_port()
    uid, gid = os.getuid(), os.getgid()
    user = pwd.getpwuid(uid).pw_name  # the temp dir is private to the test's user: auth reads it as that user
    store = root / "mail"
    if uid == 0:  # dovecot never opens mail as root: a store that "nobody" owns, outside the private temp dir
        nobody = pwd.getpwnam("nobody")
        uid, gid = nobody.pw_uid, nobody.pw_gid
        outer = Path(tempfile.mkdtemp(prefix="bantin-dovecot-"))
        outer.chmod(0o711)
        store = outer / "mail"
        store.mkdir()
        os.chown(store, uid, gid)
    (root / "dovecot.conf").write_text(f"""
protocols = imap
listen = 127.0.0.1
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
ssl = required
ssl_cert = <{root}/cert.pem
ssl_key = <{root}/key.pem
auth_mechanisms = plain
first_valid_uid = {uid}
mail_location = maildir:{store}/%u
mail_uid = {uid}
mail_gid = {gid}
namespace inbox {{
  inbox = yes
  separator = /
}}
passdb {{
  driver = passwd-file
  args = {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={store}/%u
}}
service imap-login {{
  inet_listener imap {{
    port = 0
  }}
  inet_listener imaps {{
    port = {port}
    ssl = yes
  }}
}}
service auth {{
  user = {user}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
""", encoding="utf-8")
    process = subprocess.Popen([DOVECOT, "-F", "-c", str(root / "dovecot.conf")], stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            out = process.stdout.read().decode("utf-8", "replace") if process.stdout else ""
            log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
            raise RuntimeError(f"dovecot stopped: {out}\n{log}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return Dovecot(root, port, process, store)
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("dovecot did not listen within 30 s")
