"""Every real document in ../shared/samples converts or is refused in Vietnamese (the extra corpus).

Collected only when ../shared/samples is beside the checkout (tests/conftest.py): `make fidelity` and a
full developer machine run these; a fresh clone runs the generated hostile corpus instead.
LibreOffice is slow to start (about a second), so the .doc/.odt/.rtf samples are converted to .docx
in one soffice run and go through the rest of the pipeline from there; one of each format also
goes through the pipeline's own LibreOffice step.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from pathlib import Path

import frontmatter
import pytest

from pipeline.convert.document import ConvertedDocument, convert_document, finish_body
from pipeline.convert.docx.convert import convert_docx
from pipeline.convert.docx.fonts import fix_legacy_fonts
from pipeline.convert.htmlclean import parse_fragment
from pipeline.convert.libreoffice import find_soffice
from pipeline.convert.sniff import Kind, sniff
from pipeline.core.messages import Result
from tests.conftest import SAMPLES
from tests.conversion_fixtures import needs_soffice
from tests.test_cli import run
from tests.test_conversion_samples import assert_converted_or_refused, no_network  # noqa: F401 - autouse tripwire


def _files(folder: str, suffixes: tuple[str, ...]) -> list:
    return [pytest.param(p, id=p.name) for p in sorted((SAMPLES / folder).rglob("*")) if p.suffix.lower() in suffixes]


@pytest.mark.parametrize("path", _files("real/docx", (".docx",)))
def test_real_docx_converts_to_markdown(path: Path) -> None:
    result = convert_document(path)
    assert result.value is not None, [str(m) for m in result.messages]
    assert_converted_or_refused(result, path)


@pytest.fixture(scope="module")
def batch_converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """All real .doc/.odt/.rtf samples converted to .docx by a single soffice run."""
    soffice = find_soffice()
    if soffice is None:
        return {}
    work = tmp_path_factory.mktemp("batch")
    (work / "in").mkdir()
    produced: dict[str, Path] = {}
    for path in sorted((SAMPLES / "real").rglob("*")):
        if path.suffix.lower() in (".doc", ".odt", ".rtf"):
            # pandoc__footnote.odt and pandoc__footnote.rtf must not share an output name.
            stem = f"{path.stem}-{path.suffix[1:]}"
            shutil.copyfile(path, work / "in" / f"{stem}{path.suffix}")
            produced[path.name] = work / "out" / f"{stem}.docx"
    with tempfile.TemporaryDirectory() as profile:
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(work / "out"),
                   *sorted(str(p) for p in (work / "in").iterdir())]
        subprocess.run(command, capture_output=True, timeout=600, check=False)
    return produced


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("path", _files("real", (".doc", ".odt", ".rtf")))
def test_real_doc_odt_and_rtf_convert_or_are_refused_in_vietnamese(path: Path, batch_converted) -> None:
    docx = batch_converted.get(path.name)
    if docx is None or not docx.is_file():
        # soffice could not read it: the pipeline itself must refuse it with a Vietnamese reason.
        assert_converted_or_refused(convert_document(path), path)
        return
    fixed = fix_legacy_fonts(docx.read_bytes(), path.name)
    converted = convert_docx(fixed.value, path.name)
    assert converted.value is not None, [str(m) for m in converted.messages]
    finished = finish_body(parse_fragment(converted.value.html), path.name)
    messages = [*fixed.messages, *converted.messages, *finished.messages]
    assert_converted_or_refused(Result(ConvertedDocument(finished.value, path.suffix[1:]), messages), path)


@pytest.mark.libreoffice
@needs_soffice
@pytest.mark.parametrize("name", ["doc/nwe__test01.doc", "odt/pandoc__trackedChanges.odt", "rtf/pandoc__heading.rtf"])
def test_each_format_goes_through_the_pipelines_own_libreoffice_step(name: str) -> None:
    path = SAMPLES / "real" / name
    result = convert_document(path)
    assert result.value is not None and result.value.format == path.suffix[1:]
    assert_converted_or_refused(result, path)



EXPECTED = {"docx": Kind.DOCX, "odt": Kind.ODT, "doc": Kind.DOC, "rtf": Kind.RTF}


@pytest.mark.parametrize("path", [pytest.param(p, id=f"{folder}/{p.name}") for folder in EXPECTED
                                  for p in sorted((SAMPLES / "real" / folder).glob("*")) if p.is_file()])
def test_real_samples_have_their_kind(path: Path) -> None:
    result = sniff(path)
    assert not result.has_errors, result.messages
    assert result.value is EXPECTED[path.parent.name]


# Samples with text typed in the Symbol font: that step maps it to Unicode and changes no other text.
_SYMBOL_FONT_TEXT = {"pandoc__unicode.docx": ("\uf028", "(")}
_TEXT = re.compile(r"<w:t(?: [^>]*)?>([^<]*)</w:t>")


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*/**/*.doc*")), ids=lambda p: p.name)
def test_real_world_samples_are_left_alone_by_the_legacy_font_step(path: Path) -> None:
    data = path.read_bytes()
    result = fix_legacy_fonts(data, path.name)
    assert all(m.code in ("BT855", "BT856") for m in result.messages)
    if path.name not in _SYMBOL_FONT_TEXT:
        assert result.value is data
        return
    typed, drawn = _SYMBOL_FONT_TEXT[path.name]
    with zipfile.ZipFile(io.BytesIO(data)) as before, zipfile.ZipFile(io.BytesIO(result.value)) as after:
        old, new = (_TEXT.findall(z.read("word/document.xml").decode("utf-8")) for z in (before, after))
    assert typed in old and [drawn if t == typed else t for t in old] == new


def test_real_word_documents_from_other_projects_convert_with_metadata_from_meta_yml(tmp_path):
    inbox = tmp_path / "submissions"
    names = ["mammoth__tables.docx", "pandoc__links.docx", "docx2python__example.docx", "nwe__test07.docx"]
    for name in names:
        folder = inbox / Path(name).stem
        folder.mkdir(parents=True)
        shutil.copy(SAMPLES / "real" / "docx" / name, folder / name)
        (folder / "meta.yml").write_text(
            f"title: Mẫu {name}\nunit: Văn phòng LĐLĐ tỉnh\ntopic: Văn phòng\n", encoding="utf-8")
    result = run(["ingest"], tmp_path)
    assert result.returncode == 0, result.stdout
    articles = {frontmatter.load(p)["source"]["file"]: frontmatter.load(p) for p in (tmp_path / "content").rglob("*.md")}
    assert set(articles) == set(names)
    assert "|" in articles["mammoth__tables.docx"].content  # a Markdown table
    assert "](http" in articles["pandoc__links.docx"].content  # hyperlinks kept
    assert articles["docx2python__example.docx"]["images"], "the embedded pictures are extracted"


def test_a_real_document_holding_only_a_picture_is_refused_in_vietnamese_and_kept(tmp_path):
    folder = tmp_path / "submissions" / "tiny-picture"
    folder.mkdir(parents=True)
    original = SAMPLES / "real" / "docx" / "mammoth__tiny-picture.docx"
    shutil.copy(original, folder / original.name)
    (folder / "meta.yml").write_text("title: Ảnh\nunit: Văn phòng LĐLĐ tỉnh\ntopic: Văn phòng\n", encoding="utf-8")
    result = run(["ingest"], tmp_path)
    assert result.returncode == 1
    assert "BT812" in result.stdout and "không có nội dung" in result.stdout
    assert (folder / original.name).read_bytes() == original.read_bytes()
    assert not list((tmp_path / "content").rglob("*.md"))
