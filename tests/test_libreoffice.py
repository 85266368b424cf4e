"""convert_to_docx(): headless LibreOffice with a private profile, a timeout and clear errors.

Tests marked `libreoffice` start the real soffice (about 1 s each here); the others use a
small fake soffice script, so the timeout and failure paths are checked on every machine.
"""

from __future__ import annotations

import hashlib
import stat
import subprocess
import tempfile
import threading
import time
import zipfile
from pathlib import Path

import docx
import pytest

from pipeline.convert.libreoffice import ENV_VAR, SANDBOX_ENV, convert_to_docx, find_soffice
from pipeline.convert.sniff import Kind, sniff
from pipeline.core.messages import Result

VIETNAMESE = "Liên đoàn Lao động tỉnh Bến Tre tổ chức Tháng Công nhân năm 2025: ưu tiên đời sống."
NO_SOFFICE = "LibreOffice chưa được cài (make system-deps)"
RTF = b"{\\rtf1\\ansi\\deff0 {\\fonttbl {\\f0 Arial;}}\\f0 Xin ch\\u224?o\\par}"

needs_soffice = pytest.mark.skipif(find_soffice() is None, reason=NO_SOFFICE)


@pytest.fixture(autouse=True)
def no_sandbox_for_fake_soffice(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fake soffice scripts write beside the test; the sandbox (tested in test_sandbox.py) would hide that."""
    if request.node.get_closest_marker("libreoffice") is None:
        monkeypatch.setenv(SANDBOX_ENV, "none")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def docx_text(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def soffice_convert(src: Path, fmt: str, outdir: Path) -> Path:
    """Independent of the code under test: make .odt/.doc inputs straight from soffice."""
    soffice = find_soffice()
    assert soffice is not None
    with tempfile.TemporaryDirectory() as profile:
        profile_arg = f"-env:UserInstallation={Path(profile).as_uri()}"
        command = [soffice, profile_arg, "--headless", "--norestore", "--convert-to", fmt]
        command += ["--outdir", str(outdir), str(src)]
        subprocess.run(command, check=True, timeout=120, capture_output=True)
    return outdir / f"{src.stem}.{fmt}"


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A Vietnamese .docx turned into .odt and .doc, with a name soffice finds awkward."""
    folder = tmp_path_factory.mktemp("nguon")
    original = folder / "Bản tin số 1.docx"
    document = docx.Document()
    document.add_paragraph(VIETNAMESE)
    document.save(str(original))
    return {fmt: soffice_convert(original, fmt, folder) for fmt in ("odt", "doc")}


# --- real LibreOffice ------------------------------------------------------------------------


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("fmt", ["odt", "doc"])
def test_vietnamese_text_survives_round_trip(
    sources: dict[str, Path], tmp_path: Path, fmt: str
) -> None:
    src = sources[fmt]
    assert sniff(src) == Result(Kind(fmt))
    before = sha256(src)
    started = time.perf_counter()
    result = convert_to_docx(src, tmp_path / "ra")
    elapsed = time.perf_counter() - started
    assert result.messages == []
    assert result.value == tmp_path / "ra" / "Bản tin số 1.docx"
    assert VIETNAMESE in docx_text(result.value)
    assert sha256(src) == before  # the source is never touched
    print(f"convert_to_docx({fmt}): {elapsed:.2f} s")


@pytest.mark.libreoffice
@needs_soffice
def test_two_conversions_in_parallel(sources: dict[str, Path], tmp_path: Path) -> None:
    results: dict[str, Result[Path | None]] = {}

    def work(fmt: str) -> None:
        results[fmt] = convert_to_docx(sources[fmt], tmp_path)

    threads = [threading.Thread(target=work, args=(fmt,)) for fmt in ("odt", "doc")]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    print(f"two parallel conversions: {time.perf_counter() - started:.2f} s")
    outputs = {results[fmt].value for fmt in ("odt", "doc")}
    assert all(results[fmt].messages == [] for fmt in ("odt", "doc"))
    # Same stem, same workdir: the second one gets a numbered name instead of overwriting.
    assert outputs == {tmp_path / "Bản tin số 1.docx", tmp_path / "Bản tin số 1-1.docx"}
    for output in outputs:
        assert output is not None and VIETNAMESE in docx_text(output)


@pytest.mark.libreoffice
@needs_soffice
def test_odt_that_libreoffice_cannot_load_gives_an_error(tmp_path: Path) -> None:
    # Passes sniff (a real ODF package), so it reaches soffice, which then fails to load it.
    src = tmp_path / "hỏng.odt"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<office:document-content  không phải XML")
    result = convert_to_docx(src, tmp_path / "ra")
    assert result.value is None
    assert [m.code for m in result.messages] == ["BT843"]
    assert "'hỏng.odt'" in result.messages[0].text
    assert list((tmp_path / "ra").iterdir()) == []


# --- without LibreOffice ---------------------------------------------------------------------


def test_truncated_odt_is_refused_before_soffice_runs(tmp_path: Path) -> None:
    src = tmp_path / "cụt.odt"
    with zipfile.ZipFile(src, "w") as zf:
        zf.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", "<doc/>" * 1000)
    src.write_bytes(src.read_bytes()[:200])
    result = convert_to_docx(src, tmp_path / "ra")
    assert result.value is None
    assert [m.code for m in result.messages] == ["BT821"]


@pytest.mark.parametrize("value", ["none", "", "NONE"])
def test_not_installed_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, value: str) -> None:
    monkeypatch.setenv(ENV_VAR, value)
    assert find_soffice() is None
    src = tmp_path / "Thông báo.rtf"
    src.write_bytes(RTF)
    result = convert_to_docx(src, tmp_path / "ra")
    assert result.value is None
    expected = (
        "Không chuyển được tệp 'Thông báo.rtf' (.doc/.odt/.rtf) vì máy chưa cài LibreOffice. "
        "Hãy chạy 'make system-deps' (cần quyền root) rồi thử lại, hoặc lưu tệp thành .docx."
    )
    assert [m.text for m in result.messages] == [expected]


def test_images_are_not_sent_to_libreoffice(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, "none")
    src = tmp_path / "anh.png"
    src.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    result = convert_to_docx(src, tmp_path)
    assert [m.code for m in result.messages] == ["BT845"]


def fake_soffice(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "fake-soffice"
    script.write_text("#!/bin/sh\n" + body, encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return script


def test_find_soffice_honours_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = fake_soffice(tmp_path, "exit 0\n")
    monkeypatch.setenv(ENV_VAR, str(script))
    assert find_soffice() == str(script)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "khong-co"))
    assert find_soffice() is None


def test_command_uses_private_profile_and_ascii_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "args.log"
    # Record the arguments, then behave like soffice: write <outdir>/<input stem>.docx.
    script = fake_soffice(
        tmp_path,
        f'printf "%s\\n" "$@" >> "{log}"\n'
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        f'mkdir -p "$2" && cp "{tmp_path / "tiny.docx"}" "$2/input.docx"\n',
    )
    document = docx.Document()
    document.add_paragraph(VIETNAMESE)
    document.save(str(tmp_path / "tiny.docx"))
    monkeypatch.setenv(ENV_VAR, str(script))
    src = tmp_path / "Thông báo khẩn.rtf"
    src.write_bytes(RTF)
    first = convert_to_docx(src, tmp_path / "ra")
    second = convert_to_docx(src, tmp_path / "ra")
    assert first.value == tmp_path / "ra" / "Thông báo khẩn.docx"
    assert second.value == tmp_path / "ra" / "Thông báo khẩn-1.docx"
    lines = log.read_text(encoding="utf-8").splitlines()
    profiles = [line for line in lines if line.startswith("-env:UserInstallation=file:///")]
    assert len(profiles) == 2 and profiles[0] != profiles[1]
    for flag in ("--headless", "--norestore", "--nologo", "--convert-to", "--outdir"):
        assert lines.count(flag) == 2
    inputs = [line for line in lines if line.endswith(".rtf")]
    assert all(Path(line).name == "input.rtf" for line in inputs)
    assert src.read_bytes() == RTF


def test_no_output_is_a_conversion_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(fake_soffice(tmp_path, "exit 0\n")))
    src = tmp_path / "Bài viết.rtf"
    src.write_bytes(RTF)
    result = convert_to_docx(src, tmp_path / "ra")
    assert result.value is None
    assert [m.code for m in result.messages] == ["BT843"]
    assert "'Bài viết.rtf'" in result.messages[0].text


def test_garbage_output_is_a_conversion_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    script = fake_soffice(
        tmp_path,
        'while [ "$1" != "--outdir" ]; do shift; done\n'
        'mkdir -p "$2" && echo "not a docx" > "$2/input.docx"\n',
    )
    monkeypatch.setenv(ENV_VAR, str(script))
    src = tmp_path / "bai.rtf"
    src.write_bytes(RTF)
    result = convert_to_docx(src, tmp_path / "ra")
    assert result.value is None
    assert [m.code for m in result.messages] == ["BT843"]


def process_alive(pid: int) -> bool:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return False
    return fields[0] != "Z"  # a zombie has already been killed


def test_timeout_kills_the_whole_process_group(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pids = tmp_path / "pids"
    # Like soffice -> soffice.bin: a wrapper whose child would outlive a plain kill(pid).
    script = fake_soffice(tmp_path, f'sleep 300 &\necho $$ $! > "{pids}"\nwait\n')
    monkeypatch.setenv(ENV_VAR, str(script))
    src = tmp_path / "Chậm.rtf"
    src.write_bytes(RTF)
    result = convert_to_docx(src, tmp_path / "ra", timeout=1)
    assert result.value is None
    assert [m.code for m in result.messages] == ["BT842"]
    assert result.messages[0].text.startswith(
        "LibreOffice không chuyển đổi được tệp 'Chậm.rtf' trong 1 giây"
    )
    deadline = time.monotonic() + 5
    recorded = [int(pid) for pid in pids.read_text().split()]
    while any(process_alive(pid) for pid in recorded) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(process_alive(pid) for pid in recorded)


def test_scratch_directories_are_removed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(fake_soffice(tmp_path, "exit 0\n")))
    scratch_root = tmp_path / "tmp"
    scratch_root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch_root))
    src = tmp_path / "bai.rtf"
    src.write_bytes(RTF)
    convert_to_docx(src, tmp_path / "ra")
    assert list(scratch_root.iterdir()) == []
