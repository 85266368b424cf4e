"""`pipeline mail`: read the collaborators' mailbox into the inbox (and, in CI, straight on to pull requests)."""

from __future__ import annotations

import os
from pathlib import Path

import click

from pipeline.cli.context import AppContext
from pipeline.intake import mail as m
from pipeline.intake.ingest import Workspace


@click.command("mail")
@click.argument("eml_files", nargs=-1, type=click.Path(exists=True, dir_okay=False, path_type=Path),
                metavar="[TỆP_THƯ]...")
@click.option("--mbox", type=click.Path(exists=True, dir_okay=False, path_type=Path), help="Đọc thư từ tệp mbox (không cần mạng).")
@click.option("--maildir", type=click.Path(exists=True, file_okay=False, path_type=Path), help="Đọc thư từ thư mục Maildir.")
@click.option("--flag-only", is_flag=True, help=f"Đánh dấu thư đã nhận (từ khóa {m.FLAG}) thay vì chuyển vào thư mục '{m.DONE_FOLDER}'.")
@click.option("--submit", "then_submit", is_flag=True,
              help="Tiếp nhận ngay: mỗi bài thành một nhánh và một yêu cầu hợp nhất (CI dùng; như pipeline intake-push).")
@click.option("--ack", is_flag=True, default=lambda: os.environ.get("BANTIN_MAIL_ACK") == "1",
              help="Gửi thư xác nhận đã nhận cho người gửi qua SMTP (mặc định tắt; BANTIN_MAIL_ACK=1).")
@click.option("--base", default="main", show_default=True, metavar="NHÁNH", help="Nhánh chính (với --submit).")
@click.option("--no-check", "no_check", is_flag=True, help="Không chạy pipeline check (với --submit).")
@click.pass_obj
def mail(obj: AppContext, eml_files: tuple[Path, ...], mbox: Path | None, maildir: Path | None, flag_only: bool,
         then_submit: bool, ack: bool, base: str, no_check: bool) -> None:
    """Nhận tin, bài gửi qua thư điện tử vào hộp tin.

    Mỗi thư có tệp Word đính kèm (kể cả trong tệp .zip) thành một thư mục bài trong hộp tin: tệp Word,
    ảnh trong thư, và meta.yml điền sẵn người gửi, đơn vị, chức danh, điện thoại (từ chữ ký), tiêu đề
    thư và thời gian gửi. Thư đã nhận được chuyển vào thư mục "Đã nhận" của hộp thư; thư không dùng
    được để nguyên và được liệt kê.

    Hộp thư IMAP (TLS) đặt bằng BANTIN_IMAP_HOST, BANTIN_IMAP_USER, BANTIN_IMAP_PASSWORD
    (BANTIN_IMAP_PORT, BANTIN_IMAP_FOLDER, BANTIN_IMAP_DONE nếu khác mặc định). Không có mạng: --mbox,
    --maildir hoặc các tệp .eml.

    Ví dụ: pipeline mail thu-gui-bai.eml
    """
    config = obj.config
    inbox = obj.inbox
    inbox.mkdir(parents=True, exist_ok=True)
    known = m.known_documents(inbox)
    offline = bool(eml_files or mbox or maildir)
    imap: m.Imap | None = None
    try:
        if offline:
            source = list(m.offline_messages(mbox, maildir, list(eml_files)))
        else:
            imap = m.Imap(m.ImapSettings.from_env())
            source = [(uid.decode(), raw) for uid, raw in imap.messages(flag_only)]
        handled = [m.receive(raw, key, inbox, known, config) for key, raw in source]
        outcomes = _submit(obj, [h for h in handled if h.folders], base, no_check) if then_submit else {}
        acks = []
        for h in handled:
            settled = h.received and all(outcomes.get(f, "submitted") in ("submitted", "pending", "duplicate") for f in h.folders)
            if imap is not None and settled:
                imap.mark_received(h.source.encode(), flag_only)
            elif imap is not None:
                imap.conn.uid("STORE", h.source, "+FLAGS", "(\\Flagged)")  # for a person to look at
            if settled and ack and h.folders:
                acks.append(m.acknowledgement(h, config.collaborator_inbox, config.site.name))
            _print(h, settled, outcomes)
        notes = m.send_acknowledgements(acks) if acks else []
        for note in notes:
            click.echo(note)
    except m.MailError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        raise SystemExit(1) from None
    finally:
        if imap is not None:
            imap.close()
    if not handled:
        click.echo("Không có thư mới.")
        return
    unusable = [h for h in handled if not h.received]
    click.echo(f"\nĐã đọc {len(handled)} thư: {len(handled) - len(unusable)} có tin bài, {len(unusable)} không dùng được "
               "(để nguyên trong hộp thư).")
    if then_submit and any(v == "failed" for v in outcomes.values()):
        raise SystemExit(1)


def _submit(obj: AppContext, handled: list[m.Handled], base: str, no_check: bool) -> dict[Path, str]:
    """The same intake as an upload to main: branch, push, pull request per folder."""
    from pipeline.core.git import Git, GitError
    from pipeline.workflow import intake_push
    from pipeline.workflow.forge import ForgeError, client
    from pipeline.workflow.submit import SubmitError

    folders = [f for h in handled for f in h.folders]
    try:
        forge = client()
        git = Git.discover(Path.cwd())
        options = intake_push.PushOptions(base=base, run_checks=not no_check)
        results = intake_push.submit_paths(git, Workspace(obj.content, obj.inbox, obj.config), obj.now(), forge, options, folders)
    except (ForgeError, GitError, SubmitError) as exc:
        raise m.MailError(f"không tiếp nhận được các bài vừa nhận: {exc}") from None
    outcomes = {}
    for folder, result in zip(folders, results, strict=True):
        outcomes[folder] = result.status
        click.echo(f"\n== {folder.name}: {result.status}" + (f" → {result.request.url}" if result.request else ""))
        for line in result.messages:
            click.echo(f"   {line}")
    return outcomes


def _print(h: m.Handled, settled: bool, outcomes: dict[Path, str]) -> None:
    p = h.parsed
    state = "đã nhận" if settled else ("chưa tiếp nhận được" if h.received else "không dùng được")
    click.echo(f"\n-- Thư {h.source} từ {p.sender.email or '(không rõ)'}: {p.subject or '(không tiêu đề)'} → {state}")
    for folder in h.folders:
        click.echo(f"   Thư mục bài: {folder}")
    for note in h.notes:
        click.echo(f"   {note}")
