"""Preview before merge: the pull request's site build, published under /xem-truoc/<number>/, one comment.

`make ci-build` builds the site with drafts, articles under review and scheduled articles; `publish` then
makes every page of that build `noindex` (and its robots.txt disallow everything, with no sitemap), copies
it by rsync next to the public site, with the same DEPLOY_* settings as `make deploy` (pinned host key), and
posts or updates ONE comment on the request with the link to the changed article(s). `remove` deletes that
preview when the request closes. The public deploy protects /xem-truoc/ from its --delete, and the public
robots.txt disallows it; previews are never in the public sitemap because the public build never has them.

Settings (environment): DEPLOY_DEST, DEPLOY_SSH_KEY, DEPLOY_KNOWN_HOSTS, DEPLOY_SSH_PORT (as deploy.py);
PREVIEW_URL — the public address of DEPLOY_DEST (e.g. https://congdoan.bentre.gov.vn), to build the links.
"""

from __future__ import annotations

import dataclasses
import os
import re
import shlex
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

from pipeline.content.frontmatter import read_article
from pipeline.core.git import Git, GitError
from pipeline.workflow.deploy import DeployError, Settings, check, remote_host, ssh_command
from pipeline.workflow.forge import client

FOLDER = "xem-truoc"
MARKER = "<!-- bantin-preview -->"
NOINDEX = '<meta name="robots" content="noindex, nofollow">'
_ROBOTS_META = re.compile(r'<meta\s+name="robots"[^>]*>\s*', re.IGNORECASE)


def mark_noindex(output: Path) -> int:
    """Every page noindex, robots.txt closed, no sitemap: a preview is never a search result."""
    pages = 0
    for page in output.rglob("*.html"):
        text = page.read_text(encoding="utf-8", errors="surrogateescape")
        text = _ROBOTS_META.sub("", text)
        text, n = re.subn(r"<head(\s[^>]*)?>", lambda m: m.group(0) + NOINDEX, text, count=1, flags=re.IGNORECASE)
        if n:
            page.write_text(text, encoding="utf-8", errors="surrogateescape")
            pages += 1
    (output / "robots.txt").write_text("User-agent: *\nDisallow: /\n", encoding="utf-8")
    for sitemap in output.glob("sitemap*.xml"):
        sitemap.unlink()
    return pages


def preview_dest(dest: str, number: int) -> str:
    return f"{dest.rstrip('/')}/{FOLDER}/{number}/"


def _rsync(settings: Settings, args: list[str], what: str) -> None:
    if shutil.which("rsync") is None:
        raise DeployError("Không tìm thấy rsync. Hãy cài bằng 'sudo make deploy-deps' (hoặc sudo make system-deps).")
    base = ["rsync", "--recursive", "--links", "--times", "--checksum", "--chmod=D755,F644"]
    if remote_host(settings.dest) is None:
        result = subprocess.run([*base, *args], check=False, capture_output=True, text=True, timeout=3600)
    else:
        with ssh_command(settings) as ssh:
            result = subprocess.run([*base, "-e", shlex.join(ssh), *args], check=False, capture_output=True, text=True, timeout=3600)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-3:]
        raise DeployError(f"BT893 rsync ({what}) không thành công (mã {result.returncode}): {' / '.join(detail)}.")


def publish(settings: Settings, number: int) -> str:
    """Copy the marked build to DEST/xem-truoc/<number>/ (that folder mirrored exactly); returns the destination."""
    check(settings)
    mark_noindex(settings.output)
    dest = preview_dest(settings.dest, number)
    if remote_host(settings.dest) is None:
        Path(dest).mkdir(parents=True, exist_ok=True)
    _rsync(settings, ["--mkpath", "--delete", "--delete-after", f"{settings.output}/", dest], f"đăng bản xem trước #{number}")
    return dest


def remove(settings: Settings, number: int) -> None:
    """Delete DEST/xem-truoc/<number>/ and nothing else (rsync of an empty folder, only that path included)."""
    if not settings.dest:
        raise DeployError("Chưa đặt nơi triển khai DEPLOY_DEST.")
    with tempfile.TemporaryDirectory(prefix="bantin-preview-") as empty:
        if remote_host(settings.dest) is None and not Path(settings.dest, FOLDER).is_dir():
            return
        _rsync(settings, ["--delete", f"--include=/{number}/***", "--exclude=*", f"{empty}/",
                          f"{settings.dest.rstrip('/')}/{FOLDER}/"], f"gỡ bản xem trước #{number}")


# --- which articles changed, and where they are in the build -------------------------------------------


def changed_articles(root: Path, base: str, content: str = "content") -> list[Path]:
    try:
        out = Git(root, timeout=120).run("diff", "--name-only", "--diff-filter=AM", f"{base}...HEAD", "--", content,
                                         check=False).stdout
    except GitError as exc:
        raise DeployError(str(exc)) from None
    return [root / line for line in out.splitlines() if line.endswith(".md") and (root / line).is_file()]


def article_links(articles: list[Path], output: Path, base_url: str) -> list[tuple[str, str]]:
    """(title, preview URL) for each changed article found in the build (drafts are under drafts/)."""
    links = []
    for path in articles:
        article = read_article(path)
        slug = str(article.meta.get("slug") or path.stem)
        found = sorted(output.rglob(f"{slug}.html"), key=lambda p: len(p.parts))
        if found:
            rel = found[0].relative_to(output).as_posix()
            links.append((str(article.meta.get("title") or slug), f"{base_url}/{rel}"))
    return links


def comment_text(number: int, links: list[tuple[str, str]], base_url: str, sha: str) -> str:
    lines = [f"### Bản xem trước của yêu cầu #{number}", ""]
    if links:
        lines += [f"- [{title}]({url})" for title, url in links]
    else:
        lines.append("Yêu cầu này không thay đổi bài viết nào; xem trang chủ bản xem trước.")
    lines += ["", f"Trang chủ bản xem trước: {base_url}/",
              "", (f"Dựng từ commit `{sha[:10]}`, gồm cả bài nháp, bài chờ duyệt và bài hẹn giờ. "
                   "Bản xem trước không được tìm kiếm (noindex) và tự gỡ khi yêu cầu hợp nhất đóng.")]
    return "\n".join(lines)


def run(action: str, pr: int, output: Path, base: str, content: str, say: Callable[[str], None],
        comment: bool = True) -> None:
    """`pipeline preview publish|remove`, telling `say` each step done; DeployError/ForgeError say what to fix."""
    base_url = os.environ.get("PREVIEW_URL", "").rstrip("/")
    settings = dataclasses.replace(Settings.from_env(output), target="rsync")
    if action == "publish":
        if not base_url:
            raise DeployError("BT892 Chưa đặt PREVIEW_URL (địa chỉ công khai của DEPLOY_DEST, ví dụ https://congdoan.bentre.gov.vn).")
        articles = changed_articles(Path.cwd(), base, content)
        dest = publish(settings, pr)
        url = f"{base_url}/{FOLDER}/{pr}"
        links = article_links(articles, settings.output, url)
        try:
            sha = Git(Path.cwd()).run("rev-parse", "HEAD", check=False).stdout.strip()
        except GitError:
            sha = ""  # the comment then names no commit, as outside a repository
        text = comment_text(pr, links, url, sha)
        say(f"BT890 Đã đăng bản xem trước: {dest} → {url}/")
    else:
        remove(settings, pr)
        text = (f"### Bản xem trước của yêu cầu #{pr}\n\nĐã gỡ bản xem trước vì yêu cầu hợp nhất đã đóng.")
        say(f"BT891 Đã gỡ bản xem trước #{pr}.")
    if comment:
        say(f"Nhận xét trên yêu cầu hợp nhất: {client().upsert_comment(pr, MARKER, text)}.")
