"""`pipeline mail` against a real IMAP server (dovecot, started here over TLS on a loopback port) and offline
(.eml, mbox), with messages built by the email package in the shapes real mail clients send."""

from __future__ import annotations

import io
import mailbox
import os
import shutil
import subprocess
import sys
import zipfile
from email.header import Header
from email.message import EmailMessage
from email.policy import SMTP
from pathlib import Path

import frontmatter
import pytest
import yaml

from pipeline.intake.mail import (
    imap_utf7_decode,
    imap_utf7_encode,
    meta_for,
    parse_message,
    title_hint,
)
from tests import dovecotserver
from tests.docxfactory import COLLABORATOR_TABLE, make_docx, photo_bytes
from tests.forgeserver import ForgeServer
from tests.test_intake_push import ci_checkout, remote_branches
from tests.test_submit import NOW, make_project

needs_dovecot = pytest.mark.skipif(not Path(dovecotserver.DOVECOT).exists(),
                                   reason="dovecot chưa được cài (sudo make system-deps)")
SIGNATURE = "Trân trọng,\nLê Minh Châu\nPhóng viên\nBáo Đồng Khởi\nĐT: 0912.345.678\n"
DONE = "&ARAA4w- nh&Hq0-n"
# CPython's generator drops the space between two encoded words when it folds at 78 columns (a generator bug
# real clients do not have); a longer line keeps the test messages correct RFC 2047.
WIRE = SMTP.clone(max_line_length=200)
# What a collaborator who only half-fills the template writes: the contact details come from the message.
SHORT_TABLE = {"Lĩnh vực": "Chính sách – Pháp luật", "Loại tin": "Bài chuyên sâu", "Cam kết bản quyền": "Có"}  # "Đã nhận" in IMAP's modified UTF-7


def docx_bytes(tmp: Path, name: str = "bai.docx", **kw: object) -> bytes:
    return make_docx(tmp / name, **kw).read_bytes()  # type: ignore[arg-type]


def message(subject: str, *, sender: str = "Lê Minh Châu <chau.le@example.vn>", text: str = "Kính gửi Ban Biên tập,\n\n"
            + SIGNATURE, date: str = "Thu, 05 Mar 2026 02:10:00 +0000", msgid: str = "<bai-1@example.vn>") -> EmailMessage:
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = "ldld@bentre.gov.vn"
    msg["Subject"] = subject
    msg["Date"] = date
    msg["Message-ID"] = msgid
    msg.set_content(text)
    return msg


def collaborator_message(tmp: Path) -> EmailMessage:
    """Gmail/Outlook shape: text + HTML with an inline photo and a tiny logo, a Word file with a Vietnamese name."""
    msg = message("Tin bài: Công nhân Bến Tre đón Tết sum vầy")
    msg.add_alternative('<p>Kính gửi Ban Biên tập,</p><img src="cid:anh1"><img src="cid:logo">'
                        "<p>Trân trọng,<br>Lê Minh Châu<br>Phóng viên<br>Báo Đồng Khởi<br>ĐT: 0912.345.678</p>", subtype="html")
    html = msg.get_payload()[1]
    html.add_related(photo_bytes(), "image", "jpeg", cid="<anh1>", filename="anh-tet.jpg")
    html.add_related(photo_bytes((60, 20), fmt="PNG"), "image", "png", cid="<logo>", filename="logo.png")
    msg.add_attachment(docx_bytes(tmp, table=SHORT_TABLE, heading="Công nhân Bến Tre đón Tết sum vầy"),
                       maintype="application", subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                       filename="Bài viết công nhân đón Tết.docx")
    return msg


def winmail_message() -> EmailMessage:
    msg = message("Gửi bài", msgid="<outlook@example.vn>")
    msg.add_attachment(b"\x78\x9f\x3e\x22" + b"\0" * 200, maintype="application", subtype="ms-tnef", filename="winmail.dat")
    return msg


def zip_message(tmp: Path) -> EmailMessage:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("bai-gui/Hội thao công nhân.docx", docx_bytes(tmp, "hoi-thao.docx", table=SHORT_TABLE,
                                                                 heading="Hội thao công nhân lao động"))
        z.writestr("bai-gui/anh-1.jpg", photo_bytes())
    msg = message("Hội thao", sender="Nguyễn Văn Tư <tu.nguyen@example.vn>", msgid="<zip@example.vn>",
                  text="Gửi anh chị bài viết.\n\n--\nNguyễn Văn Tư\nCông đoàn Công ty TNHH May Việt Thắng\n")
    msg.add_attachment(buf.getvalue(), maintype="application", subtype="zip", filename="bai-gui.zip")
    return msg


def forwarded_message(tmp: Path) -> EmailMessage:
    original = message("Bài viết về an toàn lao động", sender="Trần Thị Mai <mai.tran@example.vn>",
                       date="Wed, 04 Mar 2026 16:45:00 +0700", msgid="<goc@example.vn>",
                       text="Em gửi bài.\n\nTrân trọng,\nTrần Thị Mai\nGiáo viên\nTrường THCS An Hội\n0987 654 321\n")
    original.add_attachment(docx_bytes(tmp, "atld.docx", table=SHORT_TABLE, heading="An toàn lao động mùa mưa"),
                            maintype="application", subtype="msword", filename="atld.docx")
    # Outlook's habit: the Vietnamese name as an RFC 2047 word inside the quoted parameter.
    part = next(original.iter_attachments())
    encoded = Header("An toàn lao động.docx", "utf-8").encode()
    part.replace_header("Content-Disposition", f'attachment; filename="{encoded}"')
    fwd = message("Fwd: Bài viết về an toàn lao động", sender="Văn phòng <vanphong@bentre.gov.vn>",
                  msgid="<fwd@example.vn>", text="Chuyển Ban Biên tập.\n")
    fwd.add_attachment(original)
    return fwd


def no_attachment_message() -> EmailMessage:
    return message("Hỏi thể lệ", msgid="<hoi@example.vn>", text="Xin hỏi thể lệ gửi bài?\n")


def run_mail(cwd: Path, inbox: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_", "GITHUB_", "CI_"))}
    from tests.conftest import ROOT

    clean.update(env, BANTIN_NOW=NOW, BANTIN_CONFIG=str(ROOT / "editorial.yml"))
    return subprocess.run([sys.executable, "-m", "pipeline", "--inbox", str(inbox), "mail", *args], cwd=cwd, env=clean,
                          check=False, capture_output=True, text=True, timeout=300)


def folders(inbox: Path) -> list[Path]:
    return sorted(p for p in inbox.iterdir() if p.is_dir() and not p.name.startswith("."))


@pytest.fixture
def dovecot(tmp_path: Path):  # type: ignore[no-untyped-def]
    server = dovecotserver.start(tmp_path / "dovecot")
    yield server
    server.stop()


def mailbox_state(server: dovecotserver.Dovecot) -> dict[str, int]:
    conn = server.connect()
    try:
        out = {}
        for folder in ("INBOX", f'"{DONE}"'):
            status, data = conn.select(folder, readonly=True)
            out[folder.strip('"')] = int(data[0]) if status == "OK" else -1
        return out
    finally:
        conn.logout()


@needs_dovecot
def test_mail_over_imap_tls_makes_one_prefilled_folder_per_article_and_files_the_message_under_da_nhan(dovecot, tmp_path):
    mails = tmp_path / "mails"
    mails.mkdir()
    for msg in (collaborator_message(mails), zip_message(mails), forwarded_message(mails), winmail_message(),
                no_attachment_message()):
        dovecot.deliver(msg.as_bytes(policy=WIRE))
    inbox = tmp_path / "submissions"

    result = run_mail(tmp_path, inbox, dovecot.env())
    assert result.returncode == 0, result.stdout + result.stderr
    made = folders(inbox)
    assert len(made) == 3
    by_doc = {next(f.name for f in d.iterdir() if f.suffix == ".docx"): d for d in made}
    assert set(by_doc) == {"Bài viết công nhân đón Tết.docx", "Hội thao công nhân.docx", "An toàn lao động.docx"}

    tet = by_doc["Bài viết công nhân đón Tết.docx"]
    assert sorted(f.name for f in tet.iterdir()) == ["Bài viết công nhân đón Tết.docx", "anh-tet.jpg", "meta.yml"]  # no logo
    meta = yaml.safe_load((tet / "meta.yml").read_text(encoding="utf-8"))
    assert meta["contributor"] == {"name": "Lê Minh Châu", "email": "chau.le@example.vn", "organization": "Báo Đồng Khởi",
                                   "title": "Phóng viên", "phone": "0912345678"}
    assert meta["submitted_at"] == "2026-03-05T09:10+07:00"  # 02:10 UTC is 09:10 in Bến Tre
    assert "title" not in meta  # the document has its own heading; the subject is only a hint

    zipped = by_doc["Hội thao công nhân.docx"]
    assert (zipped / "anh-1.jpg").is_file()
    assert yaml.safe_load((zipped / "meta.yml").read_text(encoding="utf-8"))["contributor"]["organization"] == \
        "Công đoàn Công ty TNHH May Việt Thắng"
    fwd = yaml.safe_load((by_doc["An toàn lao động.docx"] / "meta.yml").read_text(encoding="utf-8"))
    assert fwd["contributor"]["email"] == "mai.tran@example.vn"  # the author, not the office that forwarded it
    assert fwd["contributor"]["title"] == "Giáo viên" and fwd["contributor"]["phone"] == "0987654321"
    assert fwd["submitted_at"] == "2026-03-04T16:45+07:00"

    assert "BT882" in result.stdout and "winmail.dat" in result.stdout
    assert "BT881" in result.stdout
    assert mailbox_state(dovecot) == {"INBOX": 2, DONE: 3}  # unusable ones left in place, the rest filed
    again = run_mail(tmp_path, inbox, dovecot.env())
    assert again.returncode == 0
    assert len(folders(inbox)) == 3 and "0 có tin bài, 2 không dùng được" in again.stdout


@needs_dovecot
def test_a_duplicate_send_gives_one_folder_and_flag_only_marks_instead_of_moving(dovecot, tmp_path):
    mails = tmp_path / "mails"
    mails.mkdir()
    first = collaborator_message(mails)
    dovecot.deliver(first.as_bytes(policy=WIRE))
    second = collaborator_message(mails)
    second.replace_header("Message-ID", "<bai-1-gui-lai@example.vn>")
    for part in second.iter_attachments():  # the same Word file, sent again
        part.set_content(next(first.iter_attachments()).get_content(), maintype="application",
                         subtype="vnd.openxmlformats-officedocument.wordprocessingml.document",
                         filename="Bài viết công nhân đón Tết.docx")
    dovecot.deliver(second.as_bytes(policy=WIRE))
    inbox = tmp_path / "submissions"
    result = run_mail(tmp_path, inbox, dovecot.env(), "--flag-only")
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(folders(inbox)) == 1 and "BT885" in result.stdout
    assert mailbox_state(dovecot) == {"INBOX": 2, DONE: -1}  # flagged, not moved
    again = run_mail(tmp_path, inbox, dovecot.env(), "--flag-only")
    assert "Không có thư mới." in again.stdout


@needs_dovecot
def test_a_wrong_password_or_untrusted_certificate_is_refused_in_vietnamese(dovecot, tmp_path):
    wrong = run_mail(tmp_path, tmp_path / "submissions", {**dovecot.env(), "BANTIN_IMAP_PASSWORD": "sai"})
    assert wrong.returncode == 1 and "từ chối đăng nhập" in wrong.stderr
    untrusted = run_mail(tmp_path, tmp_path / "submissions", {**dovecot.env(), "BANTIN_IMAP_CAFILE": ""})
    assert untrusted.returncode == 1 and "Chứng chỉ TLS" in untrusted.stderr


def test_without_a_server_or_files_the_command_says_what_to_set(tmp_path):
    result = run_mail(tmp_path, tmp_path / "submissions", {})
    assert result.returncode == 1
    assert "BANTIN_IMAP_HOST" in result.stderr and "--mbox" in result.stderr


def test_offline_eml_and_mbox_files_give_the_same_folders_and_ingest_accepts_the_prefilled_meta(tmp_path, workspace):
    mails = tmp_path / "mails"
    mails.mkdir()
    raw = collaborator_message(mails).as_bytes(policy=WIRE)
    assert b"filename*=utf-8''" in raw and b"=?utf-8?" in raw  # RFC 2231 name, RFC 2047 subject, as clients send
    (mails / "thu.eml").write_bytes(raw)
    box = mailbox.mbox(str(mails / "hop.mbox"))
    box.add(zip_message(mails).as_bytes(policy=WIRE))
    box.flush()
    result = run_mail(tmp_path, workspace.inbox, {}, str(mails / "thu.eml"), "--mbox", str(mails / "hop.mbox"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert len(folders(workspace.inbox)) == 2

    from pipeline.intake.ingest import ingest_all

    outcomes = ingest_all(workspace)
    assert [o.status for o in outcomes] == ["published", "published"], [m for o in outcomes for m in o.messages]
    tet = next(o for o in outcomes if "tet" in o.article.name)
    post = frontmatter.load(str(tet.article))
    assert post["title"] == "Công nhân Bến Tre đón Tết sum vầy"
    assert post["contributor"]["email"] == "chau.le@example.vn"
    assert post["submitted_at"].startswith("2026-03-05T09:10")


def test_subjects_become_title_hints_without_reply_and_forward_prefixes():
    assert title_hint("Fwd: RE: Tin bài: Hội thao công nhân 2026") == "Hội thao công nhân 2026"
    assert title_hint("[ldld] Gửi tin bài") == ""
    assert imap_utf7_decode(imap_utf7_encode("Đã nhận")) == "Đã nhận" and imap_utf7_encode("A&B") == "A&-B"


def test_a_document_without_a_heading_takes_the_subject_as_its_title(tmp_path):
    msg = message("Tin: Trao 50 suất quà cho công nhân khó khăn")
    msg.add_attachment(docx_bytes(tmp_path, heading=None, table=SHORT_TABLE), maintype="application",
                       subtype="octet-stream", filename="qua.docx")
    parsed = parse_message(msg.as_bytes(policy=WIRE))
    assert meta_for(parsed, parsed.documents[0])["title"] == "Trao 50 suất quà cho công nhân khó khăn"


def test_what_the_filled_template_says_wins_over_the_message_and_a_units_article_is_not_a_collaborators(tmp_path, config):
    from tests.docxfactory import UNIT_TABLE

    msg = message("Gửi bài", sender="Hộp thư chung <hopthu@example.vn>")
    msg.add_attachment(docx_bytes(tmp_path, "ctv.docx", table=COLLABORATOR_TABLE), maintype="application",
                       subtype="octet-stream", filename="ctv.docx")
    msg.add_attachment(docx_bytes(tmp_path, "don-vi.docx", table=UNIT_TABLE), maintype="application",
                       subtype="octet-stream", filename="don-vi.docx")
    parsed = parse_message(msg.as_bytes(policy=WIRE))
    ctv, unit = (meta_for(parsed, d, config) for d in parsed.documents)
    assert ctv["contributor"] == {"name": "Lê Minh Châu", "email": "chau.le@example.vn", "organization": "Báo Đồng Khởi",
                                  "title": "Phóng viên", "phone": "0912 345 678"}  # the template's, not the mailbox's
    assert "contributor" not in unit and unit["submitted_at"] == "2026-03-05T09:10+07:00"


@needs_dovecot
def test_mail_submit_in_ci_opens_a_request_per_article_and_files_the_message_only_then(dovecot, tmp_path):
    origin, _ = make_project(tmp_path)
    ci = ci_checkout(origin, tmp_path / "ci")
    mails = tmp_path / "mails"
    mails.mkdir()
    dovecot.deliver(collaborator_message(mails).as_bytes(policy=WIRE))
    with ForgeServer("github", origin) as forge:
        from tests.conftest import ROOT

        env = {k: v for k, v in os.environ.items() if not k.startswith(("BANTIN_", "GIT_", "GITHUB_", "CI_"))}
        env.update({**dovecot.env(), **forge.env()}, BANTIN_NOW=NOW, BANTIN_CONFIG=str(ci / "editorial.yml"))
        # `make mail-intake`, as the scheduled job runs it: the project's Makefile and virtualenv in the checkout.
        result = subprocess.run(["make", "--no-print-directory", "-f", str(ROOT / "Makefile"), "-o", "install",
                                 f"BIN={ROOT / '.venv' / 'bin'}", "mail-intake"],
                                cwd=ci, env=env, check=False, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stdout + result.stderr
        (pull,) = forge.state.pulls.values()
        assert pull["title"] == "[Chính sách – Pháp luật] Công nhân Bến Tre đón Tết sum vầy"
        assert "Cộng tác viên (Báo Đồng Khởi)" in pull["body"]
        assert "Đơn vị: Cộng tác viên" in pull["labels"]
        assert remote_branches(origin) == [pull["head"]]
    assert mailbox_state(dovecot) == {"INBOX": 0, DONE: 1}
    shutil.rmtree(ci / "submissions")  # a CI checkout is fresh every run


def test_the_acknowledgement_is_off_by_default_and_when_on_replies_in_vietnamese_to_the_author(tmp_path):
    from pipeline.intake.mail import acknowledgement, receive

    mails = tmp_path / "mails"
    mails.mkdir()
    (mails / "thu.eml").write_bytes(collaborator_message(mails).as_bytes(policy=WIRE))
    quiet = run_mail(tmp_path, tmp_path / "hop-1", {}, str(mails / "thu.eml"))
    assert quiet.returncode == 0 and "BT886" not in quiet.stdout  # nothing sent, nothing tried
    asked = run_mail(tmp_path, tmp_path / "hop-2", {"BANTIN_MAIL_ACK": "1"}, str(mails / "thu.eml"))
    assert asked.returncode == 0 and "BT886" in asked.stdout and "BANTIN_SMTP_HOST" in asked.stdout

    handled = receive((mails / "thu.eml").read_bytes(), "thu.eml", tmp_path / "hop-3", set())
    reply = acknowledgement(handled, "ldld@bentre.gov.vn", "Công đoàn Bến Tre")
    assert reply["To"] == "chau.le@example.vn" and reply["In-Reply-To"] == "<bai-1@example.vn>"
    assert reply["Subject"] == "Đã nhận: Tin bài: Công nhân Bến Tre đón Tết sum vầy"
    assert "Bài viết công nhân đón Tết.docx" in reply.get_content()
