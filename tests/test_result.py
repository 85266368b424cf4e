"""Result.map and Result.bind: the conversion chain's steps, their messages kept in order."""

from __future__ import annotations

from pipeline.core.messages import Result, error, info, warning


def _refuse(_value: int) -> Result[int | None]:
    return Result(None, [error("BT813", "Tệp không phải văn bản cũng không phải ảnh.")])


def test_bind_runs_the_next_step_and_keeps_both_steps_messages_in_order():
    first = Result(2, [info("BT851", "bước một")])
    out = first.bind(lambda n: Result(n * 10, [warning("BT919", "bước hai")]))
    assert out.value == 20
    assert [m.text for m in out.messages] == ["bước một", "bước hai"]


def test_a_refusal_stops_the_chain_and_its_reason_is_kept():
    ran: list[int] = []

    def later(n: int) -> Result[int]:
        ran.append(n)
        return Result(n)

    out = Result(1, [info("BT851", "đã đọc")]).bind(_refuse).bind(later).map(lambda n: n + 1)
    assert out.value is None
    assert ran == []
    assert [m.code for m in out.messages] == ["BT851", "BT813"]
    assert out.has_errors


def test_map_transforms_the_value_and_keeps_the_messages():
    out = Result("abc", [warning("BT919", "đã bỏ liên kết")]).map(str.upper)
    assert out.value == "ABC"
    assert [m.code for m in out.messages] == ["BT919"]
