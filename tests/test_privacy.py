"""Private data kept private in Git: sealed contact details and originals, on real repositories.

A collaborator sends a Word file with their email, phone and address and a photo carrying GPS tags.
With the editors' age keys in editorial.yml, a clone of the repository without a key must reveal
none of it anywhere in its history, while an editor with a key reads it with one command.
"""

from __future__ import annotations

import base64
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from PIL import ExifTags, Image

from pipeline.content.frontmatter import read_article
from tests.conftest import ROOT
from tests.docxfactory import COLLABORATOR_TABLE, make_docx
from tests.test_submit import NOW, git, make_project

EMAIL = COLLABORATOR_TABLE["Email"]
PHONE = COLLABORATOR_TABLE["Điện thoại"]
ADDRESS = COLLABORATOR_TABLE["Địa chỉ"]
GPS = {1: "N", 2: (10.0, 14.0, 30.0), 3: "E", 4: (106.0, 22.0, 5.0)}


def run(repo: Path, *args: str, key: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_"))}
    env.update(BANTIN_NOW=NOW, BANTIN_CONFIG=str(repo / "editorial.yml"), HOME=str(repo.parent / "home"))
    if key:
        env["BANTIN_AGE_KEY_FILE"] = str(key)
    return subprocess.run([sys.executable, "-m", "pipeline", *args], cwd=repo, env=env,
                          check=False, capture_output=True, text=True, timeout=300)


def gps_photo() -> bytes:
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Canon"
    exif[ExifTags.IFD.GPSInfo] = GPS
    buf = io.BytesIO()
    Image.linear_gradient("L").resize((900, 600)).convert("RGB").save(buf, "JPEG", exif=exif.tobytes())
    return buf.getvalue()


def collaborator_submission(inbox: Path) -> dict[str, bytes]:
    """A folder: the Word file (contact details in its table), a GPS-tagged photo, a meta.yml."""
    folder = inbox / "bai-cong-tac-vien"
    make_docx(folder / "bai.docx", table=COLLABORATOR_TABLE, heading="Người lao động cần biết về bảo hiểm thất nghiệp")
    (folder / "anh-hien-truong.jpg").write_bytes(gps_photo())
    (folder / "meta.yml").write_text(
        yaml.safe_dump({"captions": {"anh-hien-truong.jpg": "Buổi tư vấn pháp luật cho người lao động"}},
                       allow_unicode=True), encoding="utf-8")
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def editor_key(tmp_path: Path, name: str = "khoa.txt") -> tuple[Path, str]:
    key = tmp_path / name
    result = run(tmp_path, "contacts", "key", "--out", str(key))
    assert result.returncode == 0, result.stderr
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    return key, result.stdout.strip().splitlines()[-1]


def with_recipients(work: Path, public: str) -> None:
    config = (work / "editorial.yml").read_text(encoding="utf-8")
    config += f"\nprivacy:\n  recipients:\n    nguyen-thi-kim-dung: {public}\n"
    (work / "editorial.yml").write_text(config, encoding="utf-8")
    git(work, "commit", "--quiet", "-am", "Bật mã hóa thông tin riêng")


def submit_and_merge(work: Path) -> str:
    result = run(work, "submit")
    assert result.returncode == 0, result.stdout + result.stderr
    branch = next(b.strip() for b in git(work, "branch", "--format=%(refname:short)").splitlines() if b.startswith("tin/"))
    git(work, "merge", "--quiet", "--no-ff", "-m", "Hợp nhất", branch)
    git(work, "push", "--quiet", "origin", "main", branch)
    return branch


def every_blob(repo: Path) -> dict[str, bytes]:
    """Every object version a clone holds, by path (what a public repository publishes)."""
    listing = git(repo, "rev-list", "--objects", "--all").splitlines()
    blobs = {}
    for line in listing:
        sha, _, path = line.partition(" ")
        if path and git(repo, "cat-file", "-t", sha) == "blob":
            blobs[f"{path}@{sha[:8]}"] = subprocess.run(["git", "-C", str(repo), "cat-file", "blob", sha],
                                                        capture_output=True, check=True).stdout
    return blobs


@pytest.fixture
def sealed_repo(tmp_path: Path) -> tuple[Path, Path, Path, dict[str, bytes]]:
    """origin, editor's key, the article slug's clone, and the original files' bytes."""
    origin, work = make_project(tmp_path)
    key, public = editor_key(tmp_path)
    with_recipients(work, public)
    originals = collaborator_submission(work / "submissions")
    submit_and_merge(work)
    return origin, key, work, originals


def test_a_clone_without_the_key_holds_no_contact_detail_and_no_gps_tag_in_any_version(sealed_repo, tmp_path):
    origin, _, _, _ = sealed_repo
    clone = tmp_path / "public-clone"
    git(tmp_path, "clone", "--quiet", "--mirror", str(origin), str(clone))
    blobs = every_blob(clone)
    assert any(p.startswith("content/") and p.split("@")[0].endswith(".md") for p in blobs)
    digits = re.sub(r"\D", "", PHONE)
    for path, data in blobs.items():
        flat = re.sub(rb"\s", b"", data)
        assert EMAIL.encode() not in data, path
        assert digits.encode() not in flat, path
        assert ADDRESS.encode() not in data, path
        if "processed/" in path:
            assert path.split("@")[0].endswith(".age") and data.startswith(b"age-encryption.org/v1"), path
        try:
            image = Image.open(io.BytesIO(data))
        except Exception:  # noqa: BLE001, S112 - not an image
            continue
        assert not image.getexif().get_ifd(ExifTags.IFD.GPSInfo), f"{path} carries GPS tags"


def test_an_editor_with_the_key_reads_the_contact_details_and_gets_the_originals_byte_for_byte(sealed_repo, tmp_path):
    _, key, work, originals = sealed_repo
    slug = next((work / "content").rglob("*bao-hiem-that-nghiep*.md")).stem
    shown = run(work, "contacts", "show", slug, key=key)
    assert shown.returncode == 0, shown.stderr
    assert f"Thư điện tử: {EMAIL}" in shown.stdout
    assert f"Điện thoại: {PHONE}" in shown.stdout
    assert f"Địa chỉ: {ADDRESS}" in shown.stdout
    assert "Cam kết bản quyền: có" in shown.stdout

    out = tmp_path / "tep-goc"
    extracted = run(work, "contacts", "originals", slug, "--ra", str(out), key=key)
    assert extracted.returncode == 0, extracted.stderr
    got = {p.name: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert got == originals
    assert Image.open(out / "bai-cong-tac-vien" / "anh-hien-truong.jpg").getexif().get_ifd(ExifTags.IFD.GPSInfo)


def test_the_checks_accept_sealed_contact_details_as_given(sealed_repo):
    _, _, work, _ = sealed_repo
    article = next((work / "content").rglob("*bao-hiem-that-nghiep*.md"))
    block = read_article(article).meta["contributor"]
    assert block["contact"] == ["address", "email", "phone"]
    assert base64.b64decode(block["sealed"]).startswith(b"age-encryption.org/v1")
    assert block["name"] == COLLABORATOR_TABLE["Người viết"]
    result = run(work, "check", str(article.relative_to(work)))
    assert "BT203" not in result.stdout, result.stdout


def test_without_the_key_or_with_another_editors_key_nothing_opens_and_the_message_says_why(sealed_repo, tmp_path):
    _, _, work, _ = sealed_repo
    slug = next((work / "content").rglob("*bao-hiem-that-nghiep*.md")).stem
    missing = run(work, "contacts", "show", slug, key=tmp_path / "khong-co.txt")
    assert missing.returncode == 2
    assert "BT721 lỗi: Không đọc được tệp khóa bí mật" in missing.stderr and "pipeline contacts key" in missing.stderr
    other, _ = editor_key(tmp_path, "khoa-khac.txt")
    wrong = run(work, "contacts", "show", slug, key=other)
    assert wrong.returncode == 2
    assert "BT722 lỗi: Không mở được dữ liệu đã mã hóa bằng khóa này" in wrong.stderr
    assert EMAIL not in wrong.stdout + wrong.stderr


def test_the_audit_finds_clear_data_in_the_tree_and_in_history_and_sealing_fixes_the_tree(tmp_path):
    _, work = make_project(tmp_path)
    collaborator_submission(work / "submissions")
    submit_and_merge(work)
    audit = run(work, "contacts", "audit")
    assert audit.returncode == 1
    assert "thông tin liên hệ của cộng tác viên để rõ (thư điện tử, số điện thoại, địa chỉ)" in audit.stderr
    assert "tệp gốc chưa mã hóa" in audit.stderr and "anh-hien-truong.jpg" in audit.stderr

    _, public = editor_key(tmp_path)
    with_recipients(work, public)
    sealed = run(work, "contacts", "seal")
    assert sealed.returncode == 0, sealed.stderr
    git(work, "add", "-A")
    git(work, "commit", "--quiet", "-m", "Mã hóa thông tin riêng")
    assert run(work, "contacts", "audit").returncode == 0
    history = run(work, "contacts", "audit", "--lich-su")
    assert history.returncode == 1
    assert "trong lịch sử Git, bản" in history.stderr
    assert "viết lại lịch sử" in history.stderr


def test_make_publish_for_pages_refuses_a_repository_holding_clear_private_data(tmp_path):
    _, work = make_project(tmp_path)
    collaborator_submission(work / "submissions")
    submit_and_merge(work)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_"))}
    result = subprocess.run(
        ["make", "--no-print-directory", "-o", "install", "publish", "DEPLOY_TARGET=pages", f"CONTENT={work / 'content'}",
         f"OUTPUT={tmp_path / 'output'}", f"BANTIN_INBOX={work / 'submissions'}",
         f"BANTIN_CONFIG={work / 'editorial.yml'}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600, check=False)
    assert result.returncode != 0
    assert "BT723 lỗi: có" in result.stderr and "chỗ lộ thông tin riêng" in result.stderr
    assert not (tmp_path / "output" / "index.html").exists()


def test_privacy_recipients_must_name_editors_and_be_age_public_keys(tmp_path):
    config = (ROOT / "editorial.yml").read_text(encoding="utf-8")
    _, public = editor_key(tmp_path)
    config += f"\nprivacy:\n  recipients:\n    khong-co-ai: {public}\n    pham-hoa: age1abc\n"
    (tmp_path / "editorial.yml").write_text(config, encoding="utf-8")
    result = run(tmp_path, "config")
    assert result.returncode != 0
    out = result.stdout + result.stderr
    assert "'khong-co-ai' không phải mã biên tập viên nào trong editors" in out
    assert "khóa công khai age bắt đầu bằng age1" in out
