"""Deploy the built site (`pipeline deploy`, run by `make deploy` and the publish workflow's rsync target).

rsync copies output/ to the federation's web server over SSH, or to a local folder (a mounted web root,
or a test). The SSH host key is PINNED: it comes from DEPLOY_KNOWN_HOSTS (a secret or repository
variable), and ssh refuses any other key, so a hijacked address can never receive the site.

Settings (environment variables; the same names as the workflow's secrets and variables):
  DEPLOY_TARGET         rsync (default) or pages (GitHub Pages is deployed by the workflow itself)
  DEPLOY_DEST           e.g. deploy@congdoan.bentre.gov.vn:/var/www/congdoan/  or  /srv/www/congdoan/
  DEPLOY_SSH_KEY        the private key's text (CI secret); or DEPLOY_SSH_KEY_FILE, a key file on a workstation
  DEPLOY_KNOWN_HOSTS    the server's line(s) from `ssh-keyscan -t ed25519 HOST`, checked by hand once
  DEPLOY_SSH_PORT       22 by default
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path


class DeployError(Exception):
    """Deployment cannot go ahead; the message is Vietnamese and says what to set or do."""


@dataclass(frozen=True)
class Settings:
    output: Path
    target: str = "rsync"
    dest: str = ""
    ssh_key: str = ""
    ssh_key_file: str = ""
    known_hosts: str = ""
    port: int = 22
    dry_run: bool = False

    @classmethod
    def from_env(cls, output: Path, env: dict[str, str] | None = None, dry_run: bool = False) -> Settings:
        env = dict(os.environ if env is None else env)
        port_text = env.get("DEPLOY_SSH_PORT", "").strip() or "22"
        if not port_text.isdigit():
            raise DeployError(f"DEPLOY_SSH_PORT='{port_text}' không phải số cổng hợp lệ (ví dụ 22).")
        known = env.get("DEPLOY_KNOWN_HOSTS", "")
        known_file = env.get("DEPLOY_KNOWN_HOSTS_FILE", "").strip()
        if not known.strip() and known_file:
            try:
                known = Path(known_file).read_text(encoding="utf-8")
            except OSError as exc:
                raise DeployError(f"Không đọc được DEPLOY_KNOWN_HOSTS_FILE '{known_file}' ({exc.strerror}).") from None
        return cls(
            output=output,
            target=(env.get("DEPLOY_TARGET", "").strip() or "rsync").lower(),
            dest=env.get("DEPLOY_DEST", "").strip(),
            ssh_key=env.get("DEPLOY_SSH_KEY", ""),
            ssh_key_file=env.get("DEPLOY_SSH_KEY_FILE", "").strip(),
            known_hosts=known,
            port=int(port_text),
            dry_run=dry_run,
        )


_REMOTE = re.compile(r"^(?:(?P<user>[^@/:]+)@)?(?P<host>\[[^\]]+\]|[^/:]+):(?P<path>.*)$")


def remote_host(dest: str) -> str | None:
    """'congdoan.bentre.gov.vn' for user@host:/path; None for a local folder (rsync's own rule)."""
    if dest.startswith(("/", "./", "../", "~")):
        return None
    m = _REMOTE.match(dest)
    return m.group("host").strip("[]") if m else None


def check(settings: Settings) -> None:
    if settings.target == "pages":
        raise DeployError(
            "Đích triển khai là GitHub Pages: trang được đăng bởi quy trình .github/workflows/publish.yml mỗi khi "
            "nhánh main thay đổi (và 30 phút một lần). Trên máy trạm, dùng DEPLOY_TARGET=rsync."
        )
    if settings.target != "rsync":
        raise DeployError(f"DEPLOY_TARGET='{settings.target}' không hợp lệ; hãy dùng rsync hoặc pages.")
    if not (settings.output / "index.html").is_file():
        raise DeployError(f"Chưa có trang đã dựng trong '{settings.output}' (thiếu index.html). Hãy chạy 'make publish' trước.")
    dest = settings.dest
    if not dest:
        raise DeployError(
            "Chưa đặt nơi triển khai DEPLOY_DEST, ví dụ deploy@congdoan.bentre.gov.vn:/var/www/congdoan/ "
            "(hoặc một thư mục trên máy này)."
        )
    host = remote_host(dest)
    path = dest.split(":", 1)[1] if host else dest
    if path.rstrip("/") in ("", "~") or Path(path).resolve() == Path("/") or (not host and Path(path).resolve() == Path.home()):
        raise DeployError(f"DEPLOY_DEST='{dest}' trỏ vào thư mục gốc; rsync --delete sẽ xóa mọi thứ ở đó. Hãy chỉ đúng thư mục của trang.")
    if host is None:
        if Path(path).resolve() == settings.output.resolve():
            raise DeployError("DEPLOY_DEST trùng với thư mục dựng trang; hãy chỉ thư mục web khác.")
        return
    if not settings.known_hosts.strip():
        raise DeployError(
            f"Thiếu khóa máy chủ đã ghim cho '{host}' (DEPLOY_KNOWN_HOSTS). Hãy lấy bằng 'ssh-keyscan -t ed25519 {host}', "
            "đối chiếu vân tay với quản trị máy chủ, rồi lưu vào secret/biến DEPLOY_KNOWN_HOSTS."
        )
    if not _known_hosts_cover(settings.known_hosts, host, settings.port):
        raise DeployError(f"DEPLOY_KNOWN_HOSTS không có dòng nào cho máy chủ '{host}'; hãy kiểm tra lại khóa đã ghim.")
    if os.environ.get("CI") and not settings.ssh_key.strip() and not settings.ssh_key_file:
        raise DeployError("Thiếu khóa SSH để triển khai (secret DEPLOY_SSH_KEY).")


def _known_hosts_cover(text: str, host: str, port: int) -> bool:
    wanted = {host, f"[{host}]:{port}"}
    for line in text.splitlines():
        fields = line.split()
        if len(fields) < 3 or line.lstrip().startswith("#"):
            continue
        names = fields[1] if fields[0].startswith("@") else fields[0]
        if names.startswith("|1|"):  # hashed names cannot be read back: trust ssh to check them
            return True
        if wanted & set(names.split(",")):
            return True
    return False


@contextmanager
def ssh_command(settings: Settings) -> Iterator[list[str]]:
    """The ssh command rsync runs: pinned known_hosts, the deploy key, never a prompt. Files are 0600, removed after."""
    with tempfile.TemporaryDirectory(prefix="bantin-deploy-") as tmp:
        folder = Path(tmp)
        folder.chmod(0o700)
        known = folder / "known_hosts"
        _write_private(known, settings.known_hosts)
        cmd = ["ssh", "-p", str(settings.port), "-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=yes",
               "-o", f"UserKnownHostsFile={known}", "-o", "GlobalKnownHostsFile=/dev/null",
               "-o", "UpdateHostKeys=no", "-o", "ConnectTimeout=30"]
        key_file = settings.ssh_key_file
        if settings.ssh_key.strip():
            key = folder / "id_deploy"
            _write_private(key, settings.ssh_key)
            key_file = str(key)
        if key_file:
            cmd += ["-i", key_file, "-o", "IdentitiesOnly=yes"]
        yield cmd


def _write_private(path: Path, text: str) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        # Secrets pasted into a web form often lose the final newline, which ssh then rejects.
        fh.write(text.replace("\r\n", "\n").strip() + "\n")


def rsync_command(settings: Settings, ssh: list[str] | None) -> list[str]:
    cmd = ["rsync", "--recursive", "--links", "--times", "--compress", "--checksum",
           "--delete", "--delete-after", "--delay-updates", "--chmod=D755,F644",
           # The web server's own files (certificate challenges) are not the site's to delete.
           "--filter=P /.well-known/",
           # Pull-request previews (preview.py) live beside the site; the public deploy never deletes them.
           "--filter=P /xem-truoc/", "--itemize-changes"]
    if settings.dry_run:
        cmd.append("--dry-run")
    if ssh is not None:
        cmd += ["-e", shlex.join(ssh)]
    dest = settings.dest if settings.dest.endswith("/") else settings.dest + "/"
    return [*cmd, f"{settings.output}/", dest]


def deploy(settings: Settings) -> subprocess.CompletedProcess[str]:
    check(settings)
    if shutil.which("rsync") is None:
        raise DeployError("Không tìm thấy rsync. Hãy cài bằng 'sudo make deploy-deps' (hoặc sudo make system-deps).")
    host = remote_host(settings.dest)
    if host is None:
        Path(settings.dest).mkdir(parents=True, exist_ok=True)
        return _run(rsync_command(settings, None), settings.dest)
    with ssh_command(settings) as ssh:
        return _run(rsync_command(settings, ssh), settings.dest)


def _run(cmd: list[str], dest: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, check=False, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        hint = ""
        if "Host key verification failed" in result.stderr or "REMOTE HOST IDENTIFICATION" in result.stderr:
            hint = " Khóa máy chủ không khớp khóa đã ghim: KHÔNG triển khai; hãy hỏi quản trị máy chủ trước khi đổi DEPLOY_KNOWN_HOSTS."
        raise DeployError(f"rsync tới '{dest}' không thành công (mã {result.returncode}): {' / '.join(detail)}.{hint}")
    return result
