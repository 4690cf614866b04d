"""The demo (演示数据): the city configuration and one login for every role.

``load_demo`` is idempotent: a second run changes nothing and returns 0 changes. With
``synthetic=True`` (what ``make demo`` asks for) it also bulk-loads the synthetic Jiaxing of
:mod:`shuangtan.demodata` (about 2,000 emitters with monthly reports in every MRV state from
January 2020 to the last complete month before ``today``, a Beijing date: the real one by
default, so the demo never ages; 40–50 s on SQLite); the default stays small so that tests can
load the logins fast. The demo
passwords below are public, fixed and for demonstrations only (``make demo`` prints them);
never load the demo into a production database.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple

from sqlalchemy.orm import Session

from shuangtan.auth import repository as auth_repository
from shuangtan.auth import service as auth_service
from shuangtan.auth.roles import Role
from shuangtan.city.inventory.demo import load_demo_inventory
from shuangtan.city.peak.demo import load_demo_peak
from shuangtan.city.synergy.demo import load_demo_synergy
from shuangtan.city.targets.demo import load_demo_targets
from shuangtan.demodata.clock import DemoClock
from shuangtan.demodata.load import LoadStats, load_synthetic_city
from shuangtan.kit.beijing import today_in_beijing
from shuangtan.kit.progress import Progress
from shuangtan.place.configuration import load_city, sync_city

__all__ = ["DEMO_USERS", "DemoLogin", "DemoResult", "DemoUser", "load_demo"]


@dataclass(frozen=True, slots=True)
class DemoUser:
    """演示账号 a demo account."""

    username: str
    role: Role
    display_name: str
    county_code: str | None = None
    entity_id: int | None = None

    @property
    def password(self) -> str:
        """The fixed, public demo password: ``demo-<username with - for _>-2025``."""
        return f"demo-{self.username.replace('_', '-')}-2025"


class DemoLogin(NamedTuple):
    """A line of the printed demo logins; unpacks as ``(username, password, role_label_zh)``."""

    username: str
    password: str
    role_label_zh: str


@dataclass(frozen=True, slots=True)
class DemoResult:
    """What ``load_demo`` did: the logins to print and how many rows it changed."""

    logins: tuple[DemoLogin, ...]
    changes: int
    synthetic: LoadStats | None = None
    data_centre: int = 0  # rows of the data centre's demo (inventory, targets, peak, synergy)


def _demo_users(city_code: str) -> tuple[DemoUser, ...]:
    return (
        DemoUser("admin", Role.admin, "系统管理员"),
        DemoUser("official", Role.official, "市发改委 王主任", county_code=city_code),
        DemoUser("official_jiashan", Role.official, "嘉善县发改局 李科长", county_code="330421"),
        DemoUser("enterprise", Role.enterprise, "嘉兴示范纺织有限公司 能源管理员", entity_id=1),
        DemoUser("verifier", Role.verifier, "浙江示范碳核查中心 核查员"),
        DemoUser("bank", Role.bank, "嘉兴示范银行 绿色金融部"),
        DemoUser("resident", Role.resident, "市民 张小嘉"),
        DemoUser("merchant", Role.merchant, "南湖示范绿色商店"),
        DemoUser("partner", Role.partner, "嘉兴示范公交集团 数据接口"),
    )


DEMO_USERS = _demo_users("330400")
"""The Jiaxing demo accounts (the city official's scope is the configured city's code)."""


def load_demo(
    *,
    session: Session,
    city: str = "jiaxing",
    synthetic: bool = False,
    progress: Progress | None = None,
    today: date | None = None,
) -> DemoResult:
    """Sync the city configuration and create the demo accounts that are missing.

        Existing accounts are left as they are (a changed password stays changed). With
        ``synthetic`` (Jiaxing only) the synthetic city is loaded once, after the logins so that
        they are linked to entity 1, a verification body and a bank, followed by the data centre's
    demo (statistics and inventory, plan indicator values, peak scenarios, synergy index);
    ``progress`` follows it. The city is generated as on ``today`` (a Beijing date; None: the
    Beijing date now), with reports to the last complete month before it, and the data centre
    holds 2020 to the last complete calendar year.
        Flushes, never commits; every write is audited with the system as actor.
    """
    config = load_city(city)
    changes = sync_city(session=session, config=config)
    users = _demo_users(config.code)
    for demo in users:
        if auth_repository.user_by_username(session, demo.username) is not None:
            continue
        county = demo.county_code if demo.county_code in config.scope_codes else None
        if demo.role is Role.official and county is None:
            continue  # this city has no such county: no county demo official
        auth_service.create_user(
            session=session,
            actor=None,
            username=demo.username,
            password=demo.password,
            role=demo.role,
            display_name=demo.display_name,
            county_code=county,
            entity_id=demo.entity_id,
        )
        changes += 1
    logins = tuple(
        DemoLogin(u.username, u.password, u.role.label_zh)
        for u in users
        if u.role is not Role.official or u.county_code in config.scope_codes
    )
    stats = None
    data_centre = 0
    if synthetic and city == "jiaxing":
        clock = DemoClock(today or today_in_beijing(datetime.now(UTC)))
        stats = load_synthetic_city(session=session, progress=progress, today=clock.today)
        changes += stats.entities + stats.reports + stats.lines
        # the data centre: statistics and inventory first (the others read its city totals),
        # then the plan's indicator values, the peak scenarios and the synergy index
        for load_part in (
            load_demo_inventory,
            load_demo_targets,
            load_demo_peak,
            load_demo_synergy,
        ):
            data_centre += load_part(session=session, progress=progress, years=clock.complete_years)
        changes += data_centre
    return DemoResult(logins=logins, changes=changes, synthetic=stats, data_centre=data_centre)
