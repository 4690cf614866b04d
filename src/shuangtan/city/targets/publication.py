"""Publication of progress (进展公开): a year's progress frozen as a snapshot for the public.

Publishing stores the year's indicator and county progress as plain JSON; the public page shows
that snapshot, never the live figures. Withdrawing hides it. Writes ``flush()``, never
``commit()``, and are audited.
"""

from __future__ import annotations

import math
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from shuangtan import audit
from shuangtan.auth.principal import Principal
from shuangtan.city.targets.counties import CountyProgress, county_progress
from shuangtan.city.targets.errors import NotPublished
from shuangtan.city.targets.indicator_progress import IndicatorProgress, YearProgress, progress
from shuangtan.city.targets.models import TargetPublication
from shuangtan.city.targets.permissions import actor_id, can_write
from shuangtan.kit.params import check_year

__all__ = ["public_progress", "publish", "published_years", "snapshot"]


def _finite(value: float | None) -> float | None:
    return None if value is None or not math.isfinite(value) else round(value, 6)


def _indicator_snapshot(r: IndicatorProgress) -> dict[str, Any]:
    return {
        "id": r.id,
        "area_key": r.area_key,
        "area_zh": r.area_zh,
        "name_zh": r.name_zh,
        "name_en": r.name_en,
        "unit": r.unit,
        "baseline_year": r.baseline_year,
        "baseline_value": _finite(r.baseline_value),
        "target_year": r.target_year,
        "target_value": _finite(r.target_value),
        "value": _finite(r.assessment.actual),
        "expected": _finite(r.assessment.expected),
        "share_pct": _finite(r.assessment.share_pct),
        "forecast": _finite(r.assessment.forecast),
        "status": r.status.value,
        "series": {str(y): _finite(v) for y, v in r.series.items()},
    }


def _county_snapshot(c: CountyProgress) -> dict[str, Any]:
    return {
        "county_code": c.county_code,
        "county_zh": c.county_zh,
        "kind": c.kind,
        "unit": c.unit,
        "target_year": c.target_year,
        "target_value": _finite(c.target_value),
        "value": _finite(c.assessment.actual),
        "expected": _finite(c.assessment.expected),
        "status": c.assessment.status.value,
    }


def snapshot(year_progress: YearProgress, counties: list[CountyProgress]) -> dict[str, Any]:
    """The published form of a year's progress: plain JSON, numbers rounded to 6 places."""
    return {
        "year": year_progress.year,
        "indicators": [_indicator_snapshot(r) for r in year_progress.indicators],
        "counties": [_county_snapshot(c) for c in counties],
        "counts": year_progress.counts,
    }


def publish(
    *, session: Session, actor: Principal | None, year: int, published: bool = True
) -> TargetPublication:
    """Publish (or withdraw) a year's progress: the public page shows the frozen snapshot."""
    can_write(session, actor)
    check_year(year)
    row = session.get(TargetPublication, year)
    before = None if row is None else {"published": row.published}
    data = snapshot(
        progress(session=session, actor=None, year=year),
        county_progress(session=session, actor=None, year=year),
    )
    if row is None:
        row = TargetPublication(year=year, published=published, snapshot=data)
        session.add(row)
    elif published:
        row.snapshot = data
    row.published, row.published_by = published, actor_id(actor)
    session.flush()
    audit.record(
        session=session,
        actor=actor,
        action="target_publication.publish" if published else "target_publication.withdraw",
        entity_type="target_publication",
        entity_id=str(year),
        before=before,
        after={"published": published, "indicators": len(data["indicators"])},
    )
    return row


def public_progress(*, session: Session, year: int) -> TargetPublication:
    """The published progress of ``year`` (anyone); :class:`NotPublished` otherwise."""
    check_year(year)
    row = session.get(TargetPublication, year)
    if row is None or not row.published:
        raise NotPublished(
            f"{year} 年的规划进展尚未公开。", f"Progress of {year} is not published."
        )
    return row


def published_years(*, session: Session) -> list[int]:
    """The years whose progress is published."""
    statement = select(TargetPublication.year).where(TargetPublication.published.is_(True))
    return sorted(session.execute(statement).scalars())
