"""Beijing time (北京时间, UTC+8, no daylight saving): the one zone every page, list and document
shows a stored UTC time in, and the zone of "today" for deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from fastapi import Request

from shuangtan.auth.deps import now

__all__ = ["BEIJING", "app_today", "beijing_text", "day_start", "in_beijing", "today_in_beijing"]

BEIJING = ZoneInfo("Asia/Shanghai")


def in_beijing(moment: datetime) -> datetime:
    """``moment`` in Beijing time; a naive time is UTC (as SQLite gives it back)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(BEIJING)


def today_in_beijing(moment: datetime) -> date:
    """The date in Beijing at ``moment``: the day deadlines and "overdue" are reckoned by."""
    return in_beijing(moment).date()


def app_today(request: Request) -> date:
    """Today in Beijing by the application's clock (``app.state.clock``, which tests set): the
    day a page's default year, deadlines and "overdue" follow."""
    return today_in_beijing(now(request))


def day_start(day: date) -> datetime:
    """The UTC instant a Beijing ``day`` begins (for filters by Beijing days)."""
    return datetime.combine(day, time(0), tzinfo=BEIJING).astimezone(UTC)


def beijing_text(moment: datetime) -> str:
    """``2024-03-01 08:00 北京时间``: a stored time as documents print it."""
    return f"{in_beijing(moment):%Y-%m-%d %H:%M} 北京时间"
