"""Working-hours calendar: every expected value below was worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from pipeline.core.workcal import TZ, WorkCalendar, format_hours_vi

CAL = WorkCalendar()


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """Aware Asia/Ho_Chi_Minh datetime, the form every result comes back in."""
    return datetime(year, month, day, hour, minute, tzinfo=TZ)


# -- worked examples from the issue ------------------------------------------


def test_wednesday_1630_plus_12_hours_ends_friday_1030() -> None:
    # Wed 16:30-17:00 = 0.5 h, Thu = 8 h, Fri 07:00-11:00 supplies the last 3.5 h.
    assert CAL.add_working_hours(vn(2026, 3, 4, 16, 30), 12) == vn(2026, 3, 6, 10, 30)


def test_friday_before_tet_plus_12_hours_ends_the_tuesday_after_tet() -> None:
    # Fri 13/2 15:00-17:00 = 2 h; weekend; Tết 16-20/2; weekend; Mon 23/2 = 8 h;
    # Tue 24/2 07:00-09:00 = the last 2 h.
    assert CAL.add_working_hours(vn(2026, 2, 13, 15), 12) == vn(2026, 2, 24, 9)


# -- working days --------------------------------------------------------------


def test_an_ordinary_wednesday_is_a_working_day() -> None:
    assert CAL.is_working_day(date(2026, 3, 4))


def test_an_ordinary_saturday_and_sunday_are_days_off() -> None:
    assert not CAL.is_working_day(date(2026, 3, 7))
    assert not CAL.is_working_day(date(2026, 3, 8))


@pytest.mark.parametrize("day", [16, 17, 18, 19, 20])
def test_every_weekday_of_tet_2026_is_a_day_off(day: int) -> None:
    assert not CAL.is_working_day(date(2026, 2, day))


def test_labour_day_and_national_day_are_days_off() -> None:
    assert not CAL.is_working_day(date(2026, 5, 1))
    assert not CAL.is_working_day(date(2026, 9, 2))


def test_a_holiday_falling_on_sunday_is_observed_on_monday() -> None:
    # Giỗ Tổ Hùng Vương 2026 is Sunday 26/4, observed Monday 27/4.
    assert not CAL.is_working_day(date(2026, 4, 27))


def test_the_announced_make_up_saturdays_are_working_days() -> None:
    # Saturdays worked in exchange for Mon 31/8/2026, Fri 2/5/2025 and Mon 29/4/2024.
    assert CAL.is_working_day(date(2026, 8, 22))
    assert CAL.is_working_day(date(2025, 4, 26))
    assert CAL.is_working_day(date(2024, 5, 4))


def test_the_weekday_swapped_for_a_make_up_saturday_is_a_day_off() -> None:
    assert not CAL.is_working_day(date(2026, 8, 31))


def test_a_cross_year_make_up_saturday_counts_in_its_own_year() -> None:
    # Mon 31/12/2018 was swapped with Sat 5/1/2019.
    assert not CAL.is_working_day(date(2018, 12, 31))
    assert CAL.is_working_day(date(2019, 1, 5))


def test_is_working_day_reads_a_datetime_in_vietnamese_local_time() -> None:
    # Fri 6/3/2026 20:00 UTC is already Saturday 03:00 in Hà Nội.
    assert not CAL.is_working_day(datetime(2026, 3, 6, 20, tzinfo=UTC))


def test_configured_extra_days_off_and_working_days_override_the_package() -> None:
    cal = WorkCalendar(
        extra_days_off=frozenset({date(2026, 3, 5)}),
        extra_working_days=frozenset({date(2026, 3, 7), date(2026, 2, 18)}),
    )
    assert not cal.is_working_day(date(2026, 3, 5))
    assert cal.is_working_day(date(2026, 3, 7))
    assert cal.is_working_day(date(2026, 2, 18))


def test_configuration_lists_are_accepted_and_frozen() -> None:
    cal = WorkCalendar(
        office_hours=[(time(13), time(17)), (time(7), time(11))],  # type: ignore[arg-type]
        extra_days_off=[date(2026, 3, 5)],  # type: ignore[arg-type]
    )
    assert cal.office_hours == CAL.office_hours
    assert cal.extra_days_off == frozenset({date(2026, 3, 5)})
    assert hash(cal) == hash(WorkCalendar(extra_days_off=frozenset({date(2026, 3, 5)})))


# -- add_working_hours: edge cases ---------------------------------------------


def test_event_at_1630_on_friday_counts_from_monday_morning() -> None:
    # Fri 16:30-17:00 = 0.5 h, Mon 07:00-08:30 = 1.5 h.
    assert CAL.add_working_hours(vn(2026, 3, 6, 16, 30), 2) == vn(2026, 3, 9, 8, 30)


def test_event_on_saturday_counts_from_monday_0700() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 7, 10), 3) == vn(2026, 3, 9, 10)


def test_event_during_lunch_counts_from_1300() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 4, 11, 45), 1) == vn(2026, 3, 4, 14)


def test_event_before_office_opens_counts_from_0700() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 4, 5, 30), 1) == vn(2026, 3, 4, 8)


def test_morning_work_runs_over_lunch_into_the_afternoon() -> None:
    # 10:00-11:00 = 1 h, then 13:00-14:30.
    assert CAL.add_working_hours(vn(2026, 3, 4, 10), 2.5) == vn(2026, 3, 4, 14, 30)


def test_amount_ending_exactly_at_1700_returns_1700_not_next_morning() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 4, 16), 1) == vn(2026, 3, 4, 17)


def test_amount_ending_exactly_at_1100_returns_1100_not_1300() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 4, 7), 4) == vn(2026, 3, 4, 11)


def test_a_full_day_from_0700_ends_at_1700_the_same_day() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 4, 7), 8) == vn(2026, 3, 4, 17)


def test_event_at_1700_exactly_counts_from_the_next_morning() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 4, 17), 0.5) == vn(2026, 3, 5, 7, 30)


def test_event_on_the_eve_of_tet_counts_from_after_tet() -> None:
    # Mon 16/2/2026 (Giao thừa) is itself a holiday; next office hour is Mon 23/2.
    assert CAL.add_working_hours(vn(2026, 2, 16, 9), 1) == vn(2026, 2, 23, 8)


def test_last_hour_before_tet_ends_at_1700_on_the_last_working_day() -> None:
    assert CAL.add_working_hours(vn(2026, 2, 13, 16), 1) == vn(2026, 2, 13, 17)
    assert CAL.add_working_hours(vn(2026, 2, 13, 16), 1.5) == vn(2026, 2, 23, 7, 30)


def test_span_across_a_make_up_saturday_uses_that_saturday() -> None:
    # Fri 21/8/2026 16:00-17:00 = 1 h; Sat 22/8 is a make-up working day.
    assert CAL.add_working_hours(vn(2026, 8, 21, 16), 2) == vn(2026, 8, 22, 8)


def test_span_across_an_ordinary_saturday_skips_to_monday() -> None:
    assert CAL.add_working_hours(vn(2026, 8, 14, 16), 2) == vn(2026, 8, 17, 8)


def test_span_over_the_national_day_break_skips_three_weekdays() -> None:
    # Fri 28/8 16:00 = 1 h; Mon 31/8, Tue 1/9 and Wed 2/9 are off; Thu 3/9 07:00-08:00.
    assert CAL.add_working_hours(vn(2026, 8, 28, 16), 2) == vn(2026, 9, 3, 8)


def test_extra_day_off_from_config_is_skipped() -> None:
    cal = WorkCalendar(extra_days_off=frozenset({date(2026, 3, 5)}))
    # Wed 0.5 h, Thu off, Fri 8 h, Mon 07:00-10:30 = 3.5 h.
    assert cal.add_working_hours(vn(2026, 3, 4, 16, 30), 12) == vn(2026, 3, 9, 10, 30)


def test_extra_working_saturday_from_config_is_used() -> None:
    cal = WorkCalendar(extra_working_days=frozenset({date(2026, 3, 7)}))
    assert cal.add_working_hours(vn(2026, 3, 6, 16), 2) == vn(2026, 3, 7, 8)


def test_zero_hours_returns_the_same_moment() -> None:
    assert CAL.add_working_hours(vn(2026, 3, 7, 10), 0) == vn(2026, 3, 7, 10)


def test_negative_hours_count_backwards() -> None:
    # Mon 9/3 08:00 back 2 h: Mon 07:00-08:00, then Fri 16:00-17:00.
    assert CAL.add_working_hours(vn(2026, 3, 9, 8), -2) == vn(2026, 3, 6, 16)
    # Running out exactly at 13:00 returns 13:00, mirroring the 17:00 rule.
    assert CAL.add_working_hours(vn(2026, 3, 4, 14), -1) == vn(2026, 3, 4, 13)


def test_months_long_span_crosses_tet_and_new_year() -> None:
    # Mon 8/12/2025 07:00 + 60 full working days, counted by hand:
    # Dec 8-31 = 18, Jan 2-30 = 21 (1/1 off), Feb 2-13 = 10, Feb 23-27 = 5 (Tết between),
    # Mar 2-6 = 5 -> 59, so the 60th day is Mon 9/3/2026 and the span ends at 17:00.
    assert CAL.add_working_hours(vn(2025, 12, 8, 7), 8 * 60) == vn(2026, 3, 9, 17)


# -- next_working_moment ---------------------------------------------------------


def test_next_working_moment_inside_office_hours_is_the_moment_itself() -> None:
    assert CAL.next_working_moment(vn(2026, 3, 4, 9, 15)) == vn(2026, 3, 4, 9, 15)


def test_next_working_moment_at_1700_on_friday_is_monday_0700() -> None:
    assert CAL.next_working_moment(vn(2026, 3, 6, 17)) == vn(2026, 3, 9, 7)


def test_next_working_moment_during_lunch_is_1300() -> None:
    assert CAL.next_working_moment(vn(2026, 3, 4, 12)) == vn(2026, 3, 4, 13)


# -- working_hours_between --------------------------------------------------------


def test_hours_between_on_the_same_day_skip_lunch() -> None:
    # 08:00-11:00 = 3 h, 13:00-15:00 = 2 h.
    assert CAL.working_hours_between(vn(2026, 3, 4, 8), vn(2026, 3, 4, 15)) == 5


def test_hours_between_overnight_count_only_office_time() -> None:
    # Wed 16:00-17:00 = 1 h, Thu 07:00-09:00 = 2 h.
    assert CAL.working_hours_between(vn(2026, 3, 4, 16), vn(2026, 3, 5, 9)) == 3


def test_hours_between_across_a_weekend_skip_saturday_and_sunday() -> None:
    # Fri 15:00-17:00 = 2 h, Mon 07:00-08:30 = 1.5 h.
    assert CAL.working_hours_between(vn(2026, 3, 6, 15), vn(2026, 3, 9, 8, 30)) == 3.5


def test_hours_between_in_reversed_order_are_negative() -> None:
    assert CAL.working_hours_between(vn(2026, 3, 9, 8, 30), vn(2026, 3, 6, 15)) == -3.5


def test_hours_between_a_moment_and_itself_are_zero() -> None:
    assert CAL.working_hours_between(vn(2026, 3, 4, 9), vn(2026, 3, 4, 9)) == 0


def test_hours_between_two_moments_in_the_lunch_break_are_zero() -> None:
    assert CAL.working_hours_between(vn(2026, 3, 4, 11, 15), vn(2026, 3, 4, 12, 45)) == 0


def test_hours_between_over_tet_count_only_the_days_around_it() -> None:
    # Fri 13/2 15:00-17:00 = 2 h, Mon 23/2 full = 8 h, Tue 24/2 07:00-09:00 = 2 h.
    assert CAL.working_hours_between(vn(2026, 2, 13, 15), vn(2026, 2, 24, 9)) == 12


def test_hours_between_a_whole_working_week_are_forty() -> None:
    assert CAL.working_hours_between(vn(2026, 3, 9), vn(2026, 3, 14)) == 40


# -- time zones -------------------------------------------------------------------


def test_naive_datetime_is_read_as_ho_chi_minh_time() -> None:
    assert CAL.add_working_hours(datetime(2026, 3, 4, 16, 30), 12) == vn(2026, 3, 6, 10, 30)


def test_aware_datetime_in_utc_is_converted_first() -> None:
    # 09:30 UTC is 16:30 in Hà Nội.
    start = datetime(2026, 3, 4, 9, 30, tzinfo=UTC)
    assert CAL.add_working_hours(start, 12) == vn(2026, 3, 6, 10, 30)


def test_aware_datetime_whose_utc_date_differs_uses_the_local_date() -> None:
    # 23:00 UTC Thursday is 06:00 Friday in Hà Nội: counting starts Friday 07:00.
    start = datetime(2026, 3, 5, 23, tzinfo=UTC)
    assert CAL.add_working_hours(start, 1) == vn(2026, 3, 6, 8)


def test_result_is_aware_in_asia_ho_chi_minh() -> None:
    result = CAL.add_working_hours(datetime(2026, 3, 4, 9), 1)
    assert result.tzinfo == ZoneInfo("Asia/Ho_Chi_Minh")
    assert result.utcoffset() == timedelta(hours=7)


def test_naive_and_aware_inputs_give_the_same_hours_between() -> None:
    naive = CAL.working_hours_between(datetime(2026, 3, 4, 16), datetime(2026, 3, 5, 9))
    paris = ZoneInfo("Europe/Paris")  # UTC+1 in March: 10:00 Paris = 16:00 Hà Nội
    aware = CAL.working_hours_between(
        datetime(2026, 3, 4, 10, tzinfo=paris), datetime(2026, 3, 5, 9, tzinfo=TZ)
    )
    assert naive == aware == 3


# -- custom office hours ------------------------------------------------------------


def test_custom_office_hours_shift_the_schedule() -> None:
    cal = WorkCalendar(office_hours=((time(8), time(12)), (time(13, 30), time(17, 30))))
    # Wed 17:00-17:30 = 0.5 h, Thu 08:00-08:30 = 0.5 h.
    assert cal.add_working_hours(vn(2026, 3, 4, 17), 1) == vn(2026, 3, 5, 8, 30)
    assert cal.working_hours_between(vn(2026, 3, 4, 12), vn(2026, 3, 4, 14)) == 0.5


def test_single_block_office_hours_without_lunch_break() -> None:
    cal = WorkCalendar(office_hours=((time(8), time(16)),))
    # Fri 15:00-16:00 = 1 h, Mon 08:00-09:00 = 1 h.
    assert cal.add_working_hours(vn(2026, 3, 6, 15), 2) == vn(2026, 3, 9, 9)
    assert cal.working_hours_between(vn(2026, 3, 4, 11), vn(2026, 3, 4, 13)) == 2


@pytest.mark.parametrize(
    "office_hours",
    [
        (),
        ((time(11), time(7)),),
        ((time(7), time(12)), (time(11), time(17))),
    ],
)
def test_invalid_office_hours_are_rejected_in_vietnamese(
    office_hours: tuple[tuple[time, time], ...],
) -> None:
    with pytest.raises(ValueError, match="[Gg]iờ hành chính"):
        WorkCalendar(office_hours=office_hours)


def test_office_hours_given_as_text_are_rejected_in_vietnamese() -> None:
    with pytest.raises(TypeError, match="Giờ hành chính phải là giờ trong ngày"):
        WorkCalendar(office_hours=(("07:00", "11:00"),))  # type: ignore[arg-type]


def test_extra_day_given_as_datetime_is_treated_as_its_date() -> None:
    cal = WorkCalendar(extra_days_off=frozenset({datetime(2026, 3, 5, 8)}))
    assert not cal.is_working_day(date(2026, 3, 5))


def test_extra_day_given_as_text_is_rejected_in_vietnamese() -> None:
    with pytest.raises(TypeError, match="Ngày cấu hình"):
        WorkCalendar(extra_days_off=frozenset({"2026-03-05"}))  # type: ignore[arg-type]


def test_a_day_both_off_and_working_in_config_is_rejected() -> None:
    with pytest.raises(ValueError, match="05/03/2026"):
        WorkCalendar(
            extra_days_off=frozenset({date(2026, 3, 5)}),
            extra_working_days=frozenset({date(2026, 3, 5)}),
        )


def test_non_finite_hours_are_rejected() -> None:
    with pytest.raises(ValueError, match="Số giờ"):
        CAL.add_working_hours(vn(2026, 3, 4, 9), float("nan"))


# -- round trip -------------------------------------------------------------------


@pytest.mark.parametrize(
    "start",
    [
        vn(2026, 3, 4, 9, 15),  # inside the morning period
        vn(2026, 3, 4, 12),  # lunch
        vn(2026, 3, 6, 17),  # Friday closing time
        vn(2026, 3, 7, 10),  # Saturday
        vn(2026, 2, 12, 14, 20),  # just before Tết
        vn(2026, 8, 21, 16, 45),  # before a make-up Saturday
        vn(2026, 12, 30, 8),  # across New Year into 2027
    ],
)
@pytest.mark.parametrize("hours", [0.25, 1, 2.5, 4, 8, 12.75, 100, 1000])
def test_hours_between_undo_add_working_hours(start: datetime, hours: float) -> None:
    end = CAL.add_working_hours(start, hours)
    assert CAL.working_hours_between(start, end) == hours
    back = CAL.add_working_hours(end, -hours)
    assert CAL.working_hours_between(back, end) == hours


# -- Vietnamese formatting -----------------------------------------------------------


@pytest.mark.parametrize(
    ("hours", "text"),
    [
        (2.5, "2 giờ 30 phút"),
        (3, "3 giờ"),
        (0.25, "15 phút"),
        (0, "0 phút"),
        (1 / 60, "1 phút"),
        (0.999, "1 giờ"),  # 59.94 minutes round to a full hour
        (12.75, "12 giờ 45 phút"),
        (-1.5, "-1 giờ 30 phút"),
        (1234.5, "1.234 giờ 30 phút"),
    ],
)
def test_format_hours_vi_reads_naturally(hours: float, text: str) -> None:
    assert format_hours_vi(hours) == text
