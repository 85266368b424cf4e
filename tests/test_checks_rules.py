"""Every rule in the registry: a failing fixture that produces the rule's documented example, and a
passing fixture, close to the failing one, on which the whole engine reports nothing at all."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from pipeline.checks import registry
from pipeline.core.messages import Level
from tests.fixtures.checks.sitekit import BASE, BODY, IMAGES, SLUG, SiteKit, codes

Build = Callable[[SiteKit], object]
NFD_LINE = "Công nhân lao động được chăm lo chu đáo."
MOJIBAKE_LINE = "Công nhân lao động được chăm lo".encode().decode("cp1252")


def _news(kit: SiteKit, at: str, **changes: object) -> None:
    kit.article(kind="news", drop=("event_time",), submitted_at=at, date=at, **changes)


def _image_entry(name: str, caption: str = "Các đội tranh tài phần cắm hoa nghệ thuật") -> list[dict]:
    return [{"path": f"{IMAGES}/{name}", "caption": caption}]


def _body_with_image(name: str, alt: str = "Các đội tranh tài", title: str = "Các đội tranh tài") -> str:
    ref = f'![{alt}]({{static}}/{IMAGES}/{name} "{title}")' if title else f"![{alt}]({{static}}/{IMAGES}/{name})"
    return BODY.replace(BODY.split("\n\n")[1], ref)


@dataclass(frozen=True)
class Case:
    fail: Build
    ok: Build


CASES: dict[str, Case] = {
    "BT001": Case(
        fail=lambda k: k.raw("tuyen-giao-nu-cong/2026/ghi-chu.md", "Bài không có phần thông tin đầu bài.\n"),
        ok=lambda k: k.article(),
    ),
    "BT002": Case(
        fail=lambda k: _news(k, "2026-03-17T16:30+07:00", checks_ignore={"BT301": ""}),
        ok=lambda k: _news(k, "2026-03-17T16:30+07:00",
                           checks_ignore={"BT301": "Ban Biên tập đồng ý đăng muộn vì sự kiện quan trọng"}),
    ),
    "BT003": Case(
        fail=lambda k: _news(k, "2026-03-17T10:00+07:00", checks_ignore={"BT301": "Ban Biên tập đồng ý"}),
        ok=lambda k: _news(k, "2026-03-17T16:45+07:00", checks_ignore={"BT301": "Ban Biên tập đồng ý"}),
    ),
    "BT004": Case(
        fail=lambda k: (k.editorial("checks:\n  severity:\n    BT999: \"off\"\n"), k.article()),
        ok=lambda k: (k.editorial("checks:\n  severity:\n    BT301: error\n"), k.article()),
    ),
    "BT101": Case(fail=lambda k: k.article(drop=("event_time",)), ok=lambda k: k.article()),
    "BT102": Case(fail=lambda k: k.article(tags="học bổng, giáo dục"), ok=lambda k: k.article(tags=["học bổng"])),
    "BT103": Case(fail=lambda k: k.article(submitted_at="17/3/2026 16 giờ"),
                  ok=lambda k: k.article(submitted_at="2026-03-06 14:30")),
    "BT104": Case(fail=lambda k: k.article(unit="LĐLĐ huyện Ba Tri"), ok=lambda k: k.article()),
    "BT105": Case(fail=lambda k: k.article(name="bai-moi"), ok=lambda k: k.article()),
    "BT106": Case(fail=lambda k: k.article(drop=("approved_by",), aproved_by="Nguyễn Văn Bình"),
                  ok=lambda k: k.article(status="published")),
    "BT201": Case(
        fail=lambda k: k.article(editor="nguyen-thi-bien"),
        # Cồn Phụng is routed by unit: its news goes to the finance editor whatever the topic.
        ok=lambda k: k.article(unit="con-phung", editor="vo-thi-thuy-mai"),
    ),
    "BT202": Case(fail=lambda k: k.article(approved_by=""), ok=lambda k: k.collaborator()),
    "BT203": Case(fail=lambda k: k.collaborator(copyright_confirmed=False),
                  ok=lambda k: k.collaborator(phone="", address="12 Hùng Vương, TP Bến Tre")),
    "BT204": Case(fail=lambda k: k.article(author="Windows User"), ok=lambda k: k.article(author="Trần Thị Hồng")),
    "BT301": Case(fail=lambda k: _news(k, "2026-03-17T16:30+07:00"),
                  ok=lambda k: _news(k, "2026-03-17T16:00+07:00")),
    "BT302": Case(
        fail=lambda k: k.article(event_time="2026-03-04T16:30+07:00", submitted_at="2026-03-06T16:00+07:00",
                                 date="2026-03-06T16:00+07:00"),
        ok=lambda k: k.article(event_time="2026-03-04T16:30+07:00", submitted_at="2026-03-06T10:30+07:00",
                               date="2026-03-06T10:30+07:00"),
    ),
    "BT303": Case(
        fail=lambda k: k.article(event_time="2026-03-20T08:00+07:00", submitted_at="2026-03-19T16:00+07:00"),
        ok=lambda k: k.article(event_time="2026-03-19T08:00+07:00", submitted_at="2026-03-19T16:00+07:00"),
    ),
    "BT401": Case(
        fail=lambda k: k.article(body=BODY + f'\n![Ảnh thứ ba]({{static}}/{IMAGES}/anh-3.jpg "Ảnh thứ ba")\n'),
        ok=lambda k: (k.photo(f"{IMAGES}/anh-3.jpg"),
                      k.article(body=BODY + f'\n![Ảnh thứ ba]({{static}}/{IMAGES}/anh-3.jpg "Ảnh thứ ba")\n')),
    ),
    "BT402": Case(
        fail=lambda k: (k.photo(f"{IMAGES}/anh-1.bmp", fmt="BMP"),
                        k.article(images=_image_entry("anh-1.bmp"), body=_body_with_image("anh-1.bmp"))),
        ok=lambda k: (k.photo(f"{IMAGES}/anh-1.png", fmt="PNG"),
                      k.article(images=_image_entry("anh-1.png"), body=_body_with_image("anh-1.png"))),
    ),
    "BT403": Case(
        fail=lambda k: (k.photo(f"{IMAGES}/anh-1.jpg", (4000, 3000)),
                        k.article(images=_image_entry("anh-1.jpg"), body=_body_with_image("anh-1.jpg"))),
        ok=lambda k: (k.photo(f"{IMAGES}/anh-1.jpg", (1600, 1067)),
                      k.article(images=_image_entry("anh-1.jpg"), body=_body_with_image("anh-1.jpg"))),
    ),
    "BT404": Case(
        fail=lambda k: k.article(body=_body_with_image("anh-1.jpg", alt="", title="")),
        ok=lambda k: k.article(body=_body_with_image("anh-1.jpg")),
    ),
    "BT405": Case(
        fail=lambda k: (k.photo(f"{IMAGES}/anh-3.jpg"), k.article()),
        # A srcset width of a photo in use is not an orphan even when `variants` forgot it.
        ok=lambda k: (k.photo(f"{IMAGES}/anh-1-960w.jpg", (960, 640)), k.article()),
    ),
    "BT501": Case(fail=lambda k: k.article(title="Hội thi"), ok=lambda k: k.article(title="Hội thi nữ công")),
    "BT502": Case(fail=lambda k: k.article(body="\n"), ok=lambda k: k.article()),
    "BT503": Case(
        fail=lambda k: k.article(body="Hội thi Nữ công khéo tay diễn ra thành công tốt đẹp.\n"),
        ok=lambda k: k.article(body="Sáng 6/3, Liên đoàn Lao động huyện Ba Tri tổ chức Hội thi Nữ công khéo tay "
                               "với 18 đội tham gia; các đội thi cắm hoa, nấu món ăn từ dừa và thuyết trình về "
                               "vai trò của người phụ nữ trong gia đình.\n"),
    ),
    "BT504": Case(
        fail=lambda k: k.article(body=BODY + "\n## Kết quả\n"),
        ok=lambda k: k.article(body=BODY + "\n## Kết quả\n\nĐội xã An Hiệp đoạt giải nhất.\n"),
    ),
    "BT505": Case(
        fail=lambda k: k.article(body=BODY + "\nXem mục Error! Bookmark not defined. để biết thêm.\n"),
        ok=lambda k: k.article(body=BODY + "\nĐội **xã An Hiệp** đoạt giải nhất, đội __Tân Xuân__ giải nhì.\n"),
    ),
    "BT506": Case(
        fail=lambda k: k.article(body=BODY + "\n" + __import__("unicodedata").normalize("NFD", NFD_LINE) + "\n"),
        ok=lambda k: k.article(body=BODY + "\n" + NFD_LINE + "\n"),
    ),
    "BT507": Case(
        fail=lambda k: k.article(body=BODY + "\n" + MOJIBAKE_LINE + ".\n"),
        ok=lambda k: k.article(body=BODY + "\nNhiệt độ ngoài trời 35°C, giá vé 50.000 đồng, © Báo Đồng Khởi.\n"),
    ),
    "BT508": Case(
        fail=lambda k: k.article(body=BODY + "\nLiªn ®oµn Lao ®éng tØnh BÕn Tre.\n"),
        ok=lambda k: k.article(body=BODY + "\nLiên đoàn Lao động tỉnh Bến Tre.\n"),
    ),
    "BT509": Case(
        fail=lambda k: (k.article(), k.plain(title=BASE["title"])),
        ok=lambda k: (k.article(), k.plain()),
    ),
    "BT510": Case(
        fail=lambda k: (k.article(), k.article(name=f"{SLUG}-ban-sao", slug=f"{SLUG}-ban-sao",
                                               title="Ba Tri thi nữ công khéo tay chào mừng ngày 8/3")),
        ok=lambda k: (k.article(), k.plain()),
    ),
    "BT511": Case(
        fail=lambda k: (k.article(), k.plain(name=SLUG, folder="to-chuc-kiem-tra/2025",
                                             event_time="2025-03-11T13:30+07:00",
                                             submitted_at="2025-03-12T09:00+07:00", date="2025-03-12T09:00+07:00")),
        ok=lambda k: (k.article(), k.plain()),
    ),
    "BT601": Case(
        fail=lambda k: k.article(body=BODY + '\n<iframe src="https://www.youtube.com/embed/abc"></iframe>\n'),
        ok=lambda k: k.article(body=BODY + "\n<strong>Giải nhất</strong> thuộc về đội xã An Hiệp.\n"),
    ),
    "BT602": Case(
        fail=lambda k: k.article(body=BODY + f'\n<img src="{{static}}/{IMAGES}/anh-1.jpg" alt="Ảnh" title="Ảnh" '
                                             'onerror="alert(1)">\n'),
        ok=lambda k: k.article(body=BODY + f'\n<img src="{{static}}/{IMAGES}/anh-1.jpg" alt="Ảnh" title="Ảnh">\n'),
    ),
    "BT603": Case(
        fail=lambda k: k.article(body=BODY + "\n[Bấm vào đây](javascript:alert(1))\n"),
        ok=lambda k: k.article(body=BODY + "\n[Trang Công đoàn tỉnh](https://congdoan.bentre.gov.vn), "
                               "thư góp ý gửi <mailto:ldld@bentre.gov.vn>.\n"),
    ),
    "BT604": Case(
        fail=lambda k: k.collaborator(body=BODY + "\nLiên hệ tác giả: 0912.345.678.\n"),
        ok=lambda k: k.collaborator(body=BODY + "\nĐường dây nóng của Công đoàn tỉnh: 1900 6868.\n"),
    ),
    "BT605": Case(
        fail=lambda k: k.article(body=BODY + '\n<p class="noi-bat">Giải nhất thuộc về đội xã An Hiệp.</p>\n'),
        ok=lambda k: k.article(body=BODY + "\n<p><strong>Giải nhất</strong> thuộc về đội xã An Hiệp.</p>\n"),
    ),
    "BT606": Case(
        fail=lambda k: k.article(body=BODY + "\nMọi thắc mắc xin gọi chị Hồng, số 0903 111 222.\n"),
        ok=lambda k: k.article(body=BODY + "\nMọi thắc mắc xin gọi đường dây nóng 1900 6868 của Công đoàn tỉnh.\n"),
    ),
    "BT607": Case(
        fail=lambda k: k.article(author="Trần Thị Hồng 0903 111 222"),
        ok=lambda k: k.article(author="Trần Thị Hồng", author_title="Cán bộ LĐLĐ huyện, phụ trách năm 2026"),
    ),
}


def _site(tmp_path: Path, config, monkeypatch, name: str) -> SiteKit:  # type: ignore[no-untyped-def]
    root = tmp_path / name
    root.mkdir()
    monkeypatch.chdir(root)
    return SiteKit(root, config)


def test_every_registered_rule_has_a_failing_and_a_passing_fixture() -> None:
    assert set(CASES) == set(registry.RULES)


def test_every_rule_is_documented_in_three_parts_and_named_by_its_module() -> None:
    for rule in registry.load_rules():
        assert rule.doc.what and rule.doc.why and rule.doc.example, rule.code
        assert rule.module.__name__.rsplit(".", 1)[1].startswith(rule.code.lower() + "_")
        assert rule.doc.example.endswith((".", "?")), rule.code


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_failing_fixture_produces_the_documented_example(code: str, tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "fail")
    CASES[code].fail(kit)
    findings = kit.check()
    rule = registry.get_rule(code)
    assert rule is not None
    mine = [f for f in findings if f.code == code]
    assert mine, f"{code} did not fire: {[str(f) for f in findings]}"
    assert rule.doc.example in [f.text for f in mine], [f.text for f in mine]
    assert all(f.level is rule.severity for f in mine)


@pytest.mark.parametrize("code", sorted(CASES))
def test_the_passing_fixture_produces_no_finding_at_all(code: str, tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "ok")
    CASES[code].ok(kit)
    findings = kit.check()
    assert findings == [], [str(f) for f in findings]


def test_a_finding_points_at_the_line_of_the_key_or_the_body(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "lines")
    path = kit.article(editor="nguyen-thi-bien", body=BODY + "\n[Bấm](javascript:alert(1))\n")
    lines = path.read_text(encoding="utf-8").split("\n")
    by_code = {f.code: f for f in kit.check()}
    assert lines[by_code["BT201"].line - 1].startswith("editor: nguyen-thi-bien")
    assert "javascript:" in lines[by_code["BT603"].line - 1]


def test_an_unknown_code_in_editorial_yml_points_at_its_line(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "bt004-line")
    kit.editorial("checks:\n  severity:\n    BT301: error\n    BT999: \"off\"\n")
    kit.article()
    lines = (kit.root / "editorial.yml").read_text(encoding="utf-8").split("\n")
    found = [f for f in kit.check() if f.code == "BT004"]
    assert len(found) == 1 and found[0].line is not None
    assert lines[found[0].line - 1].strip() == 'BT999: "off"'


def test_collaborator_block_reports_each_missing_detail(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "ctv")
    kit.collaborator(organization="", email="chau.le-at-example", phone="0912", address="")
    texts = [f.text for f in kit.check() if f.code == "BT203"]
    assert "Cộng tác viên chưa ghi cơ quan, đơn vị (contributor.organization)." in texts
    assert any("Thư điện tử 'chau.le-at-example'" in t for t in texts)
    assert any("Số điện thoại '0912'" in t for t in texts)


def test_an_article_without_unit_and_without_contributor_block_is_refused(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "no-ctv")
    kit.article(unit=None, approved_by="")
    assert any(f.code == "BT203" and "phải có phần 'contributor'" in f.text for f in kit.check())


def test_private_email_is_found_in_the_summary_whatever_its_case(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "mail")
    path = kit.collaborator()
    text = path.read_text(encoding="utf-8").replace(
        "summary: Liên đoàn", "summary: Liên hệ Chau.Le@Example.vn. Liên đoàn", 1)
    path.write_text(text, encoding="utf-8")
    hits = [f for f in kit.check() if f.code == "BT604"]
    assert hits and hits[0].text.startswith("Tóm tắt có thư điện tử riêng của cộng tác viên")


def test_phone_written_with_country_code_is_the_same_phone(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "phone")
    kit.collaborator(body=BODY + "\nGọi +84 912 345 678 để biết thêm.\n")
    assert "BT604" in codes(kit.check())


def test_script_link_hidden_with_entities_and_case_is_still_found(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "js")
    kit.article(body=BODY + '\n<a href="JaVa&#x53;cript:alert(1)">Xem</a>\n')
    assert "BT603" in codes(kit.check())


def test_event_handler_in_any_case_and_script_tag_are_both_reported(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "xss")
    kit.article(body=BODY + '\n<SCRIPT>alert(1)</SCRIPT>\n<svg ONLOAD="alert(1)"></svg>\n')
    found = codes(kit.check())
    assert "BT601" in found and "BT602" in found


def test_unit_name_typed_as_text_gets_the_slug_to_use(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "unit")
    kit.article(unit="Công đoàn ngành Giáo dục", topic="Tuyên giáo", editor="Phạm Hòa")
    texts = [f.text for f in kit.check() if f.code == "BT104"]
    assert any("hãy dùng mã 'cd-giao-duc'" in t for t in texts)
    assert any("hãy dùng mã 'tuyen-giao-nu-cong'" in t for t in texts)
    assert any("hãy dùng mã 'pham-hoa'" in t for t in texts)


def test_a_heading_followed_by_a_subheading_with_text_is_not_empty(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "headings")
    kit.article(body=BODY + "\n## Kết quả\n\n### Giải nhất\n\nĐội xã An Hiệp.\n\n##\n")
    texts = [f.text for f in kit.check() if f.code == "BT504"]
    assert texts == ["Tiêu đề nhỏ trống (dòng chỉ có '##'); hãy điền tiêu đề hoặc xóa dòng này."]


def test_mojibake_and_legacy_text_are_not_reported_twice(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "legacy")
    kit.article(body=BODY + "\nLiªn ®oµn Lao ®éng tØnh BÕn Tre.\n")
    found = codes(kit.check())
    assert found.count("BT508") == 1 and "BT507" not in found


def test_info_findings_never_count_as_errors(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "info")
    CASES["BT003"].fail(kit)
    assert {f.level for f in kit.check()} == {Level.INFO}


def test_values_of_every_wrong_type_are_findings_never_a_crash(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "types")
    kit.article(title=["Hội", "thi"], slug=12, date=True, kind=["event"], unit={"a": 1}, topic=None,
                editor=3.5, event_time=[2026], submitted_at={"x": 1}, author=None, approved_by=["A"],
                summary={"s": 1}, tags={"a": 1}, images="anh.jpg", source="x", contributor="ctv",
                conversion_warnings="x", checks_ignore=["BT301"], body="Chỉ có vài chữ.\n")
    kit.article(name="anh-la", slug="anh-la", images=[None, {"path": 5}, {"path": "images/x.jpg", "caption": 3,
                                                                           "width": "rộng", "variants": "x"}])
    found = kit.check()
    assert found and all("lỗi chương trình" not in f.text for f in found)
    assert {"BT101", "BT102", "BT002"} <= set(codes(found))


def test_legacy_text_is_still_found_when_the_legacy_module_is_missing(tmp_path, config, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pipeline.convert.legacy", None)  # import now raises ImportError
    kit = _site(tmp_path, config, monkeypatch, "fallback")
    kit.article(body=BODY + "\nLiªn ®oµn Lao ®éng tØnh BÕn Tre.\n")
    texts = [f.text for f in kit.check() if f.code == "BT508"]
    assert texts == [(
        "Dòng còn chữ ở bảng mã cũ (TCVN3 hoặc VNI): 'Liªn ®oµn Lao ®éng'. Hãy chuyển mã sang Unicode "
        "(ví dụ bằng công cụ chuyển mã của Unikey) hoặc gửi lại tệp gốc."
    )]


def test_markup_the_site_removes_is_reported_once_each_and_not_twice_with_bt601_to_bt603(
        tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "sanitized")
    kit.article(body=BODY + '\n<span style="color:red">Giải nhất</span> [tải về](ftp://tai-lieu.vn/a.doc)\n'
                            '<svg onload="alert(1)"></svg>\n')
    texts = [f.text for f in kit.check() if f.code == "BT605"]
    assert any(t.startswith("Thẻ <span> sẽ bị gỡ") for t in texts)
    assert any(t.startswith("Thẻ <svg> sẽ bị gỡ") for t in texts)
    assert any(t.startswith("Địa chỉ 'ftp://tai-lieu.vn/a.doc' của thẻ <a>") for t in texts)
    assert not any("onload" in t for t in texts)  # BT602's finding, not repeated here
    assert len(texts) == len(set(texts)) == 3


def test_a_street_address_in_the_body_is_flagged_but_a_commune_name_is_not(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "address")
    kit.article(body=BODY + "\nGia đình anh Tâm ở 45/2 đường Nguyễn Đình Chiểu, xã Phú Hưng, năm 2026 có 18 đội, "
                            "xã An Hiệp tham gia.\n")
    texts = [f.text for f in kit.check() if f.code == "BT606"]
    expected = ("Thân bài có địa chỉ nhà '45/2 đường Nguyễn Đình Chiểu, xã'; nếu đây là nơi ở của một "
                "người, hãy xóa (dữ liệu cá nhân không đăng công khai).")
    assert texts == [expected]


def test_the_contributors_own_phone_is_reported_once_by_bt604_not_again_by_bt606(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "own-phone")
    CASES["BT604"].fail(kit)
    found = codes(kit.check())
    assert "BT604" in found and "BT606" not in found


def test_an_email_in_a_photo_caption_or_a_web_address_in_a_tag_is_an_error(tmp_path, config, monkeypatch) -> None:
    kit = _site(tmp_path, config, monkeypatch, "byline")
    kit.article(tags=["nữ công", "www.example.vn"],
                images=[{**BASE["images"][0], "caption": "Ảnh: hong.tran@example.vn"}])
    texts = [f.text for f in kit.check() if f.code == "BT607"]
    assert any(t.startswith("Từ khóa (tags) có địa chỉ trang web 'www.example.vn'") for t in texts)
    assert any(t.startswith("Chú thích ảnh (caption) có thư điện tử 'hong.tran@example.vn'") for t in texts)
