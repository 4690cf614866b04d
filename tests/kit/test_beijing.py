"""Beijing time (kit/beijing.py): UTC+8 all year, a naive stored time read as UTC."""

from __future__ import annotations

from datetime import UTC, date, datetime

from shuangtan.kit.beijing import beijing_text, day_start, in_beijing, today_in_beijing


def test_a_naive_time_is_utc_and_shows_eight_hours_later() -> None:
    # 31 Dec 2024 17:30 UTC + 8 h = 1 Jan 2025 01:30 in Beijing
    assert beijing_text(datetime(2024, 12, 31, 17, 30)) == "2025-01-01 01:30 北京时间"
    assert in_beijing(datetime(2024, 12, 31, 17, 30, tzinfo=UTC)).hour == 1


def test_the_beijing_day_turns_at_16_utc() -> None:
    assert today_in_beijing(datetime(2026, 5, 31, 15, 59, tzinfo=UTC)) == date(2026, 5, 31)
    assert today_in_beijing(datetime(2026, 5, 31, 16, 0, tzinfo=UTC)) == date(2026, 6, 1)


def test_a_beijing_day_starts_at_16_utc_the_day_before() -> None:
    assert day_start(date(2026, 6, 1)) == datetime(2026, 5, 31, 16, 0, tzinfo=UTC)
