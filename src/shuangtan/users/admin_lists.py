"""The administrator's lists (管理员列表): the audit log and the users, filtered and counted.

Administrators only (anyone else: :class:`~shuangtan.errors.PermissionDenied`, 403). The audit
log is read newest first, narrowed by an action prefix (``user.`` or ``user.deactivate``), an
actor's username, an object type and a date range in Beijing time (both days included); each
row carries the actor's display name and the action's Chinese name beside its code. The page
and the Excel export read the same :func:`audit_list`; an export holds up to
:data:`EXPORT_LIMIT` rows. Users are narrowed by role and by active or deactivated.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from shuangtan.audit.models import AuditEntry
from shuangtan.auth.models import User
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.errors import PermissionDenied
from shuangtan.kit.beijing import day_start, in_beijing
from shuangtan.kit.workbook import Column, new_workbook, to_bytes, write_table

__all__ = [
    "ACTION_ZH",
    "AUDIT_COLUMNS",
    "EXPORT_LIMIT",
    "OBJECT_TYPES",
    "AuditFilter",
    "AuditRow",
    "action_zh",
    "audit_list",
    "audit_xlsx",
    "users_list",
]

EXPORT_LIMIT = 10_000

ACTION_ZH = {
    "auth.login": "登录",
    "auth.logout": "退出登录",
    "auth.lockout": "账户锁定",
    "auth.login_failed": "登录失败",
    "auth.password_check_failed": "当前密码错误",
    "user.create": "新建用户",
    "user.deactivate": "停用用户",
    "user.reactivate": "启用用户",
    "user.unlock": "解锁用户",
    "user.password_change": "修改密码",
    "user.password_reset": "重置密码",
    "user.password_rehash": "密码重新散列",
    "entity.create": "新建排放主体",
    "report.save": "保存月度报告",
    "submit": "提交报告",
    "start_verification": "开始核查",
    "verify": "核查通过",
    "return_report": "退回报告",
    "select_for_recheck": "抽中复查",
    "confirm": "复查确认",
    "correct": "复查更正",
    "lock": "锁定报告",
    "annual.recompute": "重算年度账户",
    "annual.recompute_year": "重算全年年度账户",
    "anomaly.rerun": "重新识别异常",
    "verifier.conflict": "申报利益冲突",
    "county_target.set": "设定区县目标",
    "indicator_setting.set": "设定指标",
    "indicator_value.create": "录入指标值",
    "evaluation_note.save": "保存评估说明",
    "target_attachment.create": "上传目标附件",
    "target_publication.publish": "发布目标",
    "finance.bank_create": "新建银行",
    "finance.member_add": "添加银行成员",
    "finance.consent_grant": "授权银行查看",
    "finance.consent_withdraw": "撤回授权",
    "finance.read": "银行查看企业数据",
    "grading.benchmarks_compute": "计算行业基准",
    "grading.grades_compute": "评定碳效等级",
    "grading.per_mu_evaluate": "亩均评价",
    "inventory.meters.load": "载入计量数据",
    "inventory.recalculate": "重算城市清单",
    "peak.scenario.create": "新建达峰情景",
    "peak.scenario.update": "修改达峰情景",
    "peak.scenario.delete": "删除达峰情景",
    "synergy.computed": "计算协同指数",
    "synergy.input_saved": "保存协同指标",
    "synergy.weight_set_created": "新建权重方案",
    "demo.flag_anomalies": "演示数据标记异常",
}
"""Chinese names of the recorded actions; an action not named here shows its code alone."""

PREFIXES = {
    "auth.": "登录与锁定",
    "user.": "用户管理",
    "report.": "月度报告",
    "annual.": "年度账户",
    "finance.": "绿色金融",
    "grading.": "评价",
    "inventory.": "城市清单",
    "peak.": "达峰情景",
    "synergy.": "协同指数",
}
"""Action prefixes offered as a filter, with their Chinese names."""


OBJECT_TYPES: dict[str, tuple[str, str]] = {
    "activity_report": ("月度报告", "monthly report"),
    "annual_account": ("年度账户", "annual account"),
    "annual_year": ("年度账户(全年)", "annual accounts of a year"),
    "anomaly_year": ("异常检查(年度)", "anomaly checks of a year"),
    "bank": ("银行", "bank"),
    "benchmark_year": ("行业基准(年度)", "industry benchmarks of a year"),
    "city": ("城市", "city"),
    "consent": ("数据授权", "consent"),
    "county": ("区县", "county"),
    "county_target": ("区县目标", "county target"),
    "demo": ("演示数据", "demo data"),
    "entity": ("排放主体", "entity"),
    "evaluation_note": ("评估说明", "evaluation note"),
    "grade_year": ("碳效等级(年度)", "grades of a year"),
    "indicator": ("规划指标", "plan indicator"),
    "indicator_setting": ("指标目标设定", "indicator setting"),
    "indicator_value": ("指标数值", "indicator value"),
    "industry": ("行业", "industry"),
    "inventory": ("城市清单", "city inventory"),
    "inventory_activity": ("清单活动数据", "inventory activity data"),
    "inventory_claimed_reductions": ("已声明减排量", "reductions claimed elsewhere"),
    "inventory_economic_statistics": ("经济社会统计", "economic statistics"),
    "inventory_energy_balance": ("能源平衡表", "energy balance"),
    "inventory_fleet": ("车辆保有量", "vehicle fleet"),
    "inventory_generation": ("本地发电", "local generation"),
    "inventory_notation_keys": ("清单标注符号", "notation keys"),
    "login": ("登录", "login"),
    "peak_scenario": ("达峰情景", "peak scenario"),
    "per_mu_year": ("亩均评价(年度)", "per-mu evaluation of a year"),
    "synergy_input": ("协同指标输入", "synergy input"),
    "synergy_run": ("协同指数计算", "synergy index run"),
    "synergy_weight_set": ("协同指数权重", "synergy weight set"),
    "target_attachment": ("指标附件", "indicator attachment"),
    "target_publication": ("规划进展公开", "progress publication"),
    "user": ("用户", "user"),
    "verifier_assignment": ("核查指派", "verifier assignment"),
    "verifier_conflict": ("核查利益冲突", "verifier conflict"),
}
"""The audit log's object types (its ``entity_type`` codes) with their names, zh and en."""


def action_zh(action: str) -> str | None:
    """The Chinese name of ``action``, or ``None``."""
    return ACTION_ZH.get(action)


def _require_admin(actor: Principal) -> None:
    if not actor.has_role(Role.admin):
        raise PermissionDenied(
            "只有系统管理员可以查看此列表。", "Only an administrator may see this list."
        )


@dataclass(frozen=True, slots=True)
class AuditFilter:
    """Which entries to list: an action prefix, an actor, an object type, days (Beijing)."""

    action: str | None = None
    actor: str | None = None
    entity_type: str | None = None
    since: date | None = None
    until: date | None = None


@dataclass(frozen=True, slots=True)
class AuditRow:
    """审计记录 one entry as a person reads it."""

    entry: AuditEntry
    at: datetime  # Beijing time
    actor_name: str | None
    action_zh: str | None


def audit_list(
    *, session: Session, actor: Principal, where: AuditFilter, offset: int, limit: int
) -> tuple[list[AuditRow], int]:
    """One page of the audit log, newest first, narrowed by ``where``, and the number matching."""
    _require_admin(actor)
    conditions: list[Any] = []
    if where.action:
        conditions.append(AuditEntry.action.startswith(where.action, autoescape=True))
    if where.actor:
        conditions.append(AuditEntry.actor_username == where.actor)
    if where.entity_type:
        conditions.append(AuditEntry.entity_type == where.entity_type)
    if where.since is not None:
        conditions.append(AuditEntry.created_at >= day_start(where.since))
    if where.until is not None:
        conditions.append(AuditEntry.created_at < day_start(where.until + timedelta(days=1)))
    total = session.scalar(select(func.count()).select_from(AuditEntry).where(*conditions))
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(*conditions)
            .order_by(AuditEntry.seq.desc())
            .offset(offset)
            .limit(limit)
        )
    )
    ids = {e.actor_user_id for e in entries if e.actor_user_id is not None}
    names = {
        user.id: user.display_name for user in session.scalars(select(User).where(User.id.in_(ids)))
    }
    rows = [
        AuditRow(
            entry=e,
            at=in_beijing(e.created_at),
            actor_name=names.get(e.actor_user_id) if e.actor_user_id is not None else None,
            action_zh=action_zh(e.action),
        )
        for e in entries
    ]
    return rows, int(total or 0)


def entity_types(*, session: Session, actor: Principal) -> list[str]:
    """The object types the log holds (for the filter)."""
    _require_admin(actor)
    return list(
        session.scalars(select(AuditEntry.entity_type).distinct().order_by(AuditEntry.entity_type))
    )


AUDIT_COLUMNS = (
    Column("seq", "序号", "Seq", 8, "integer"),
    Column("time", "时间 (北京时间)", "Time (Beijing)", 20, "text"),
    Column("username", "账号", "Username", 16, "text"),
    Column("name", "姓名", "Name", 16, "text"),
    Column("role", "角色", "Role", 12, "text"),
    Column("action", "操作代码", "Action", 24, "text"),
    Column("action_zh", "操作", "Action (zh)", 18, "text"),
    Column("entity_type", "对象类型", "Object type", 16, "text"),
    Column("entity_id", "对象编号", "Object id", 14, "text"),
)


def audit_xlsx(rows: Sequence[AuditRow]) -> bytes:
    """The listed entries as an Excel workbook (times in Beijing time)."""
    roles = {role.value: role.label_zh for role in Role}
    workbook, sheet = new_workbook("审计日志 Audit")
    write_table(
        sheet,
        AUDIT_COLUMNS,
        [
            (
                r.entry.seq,
                r.at.strftime("%Y-%m-%d %H:%M:%S"),
                r.entry.actor_username or "系统",
                r.actor_name or "",
                roles.get(r.entry.actor_role or "", r.entry.actor_role or ""),
                r.entry.action,
                r.action_zh or "",
                r.entry.entity_type,
                r.entry.entity_id,
            )
            for r in rows
        ],
    )
    return to_bytes(workbook)


def users_list(
    *,
    session: Session,
    actor: Principal,
    role: Role | None,
    active: bool | None,
    offset: int,
    limit: int,
) -> tuple[list[User], int]:
    """One page of users by id, narrowed by role and by active state, and the number matching."""
    _require_admin(actor)
    conditions: list[Any] = []
    if role is not None:
        conditions.append(User.role == role.value)
    if active is not None:
        conditions.append(User.is_active.is_(active))
    total = session.scalar(select(func.count()).select_from(User).where(*conditions))
    users = session.scalars(
        select(User).where(*conditions).order_by(User.id).offset(offset).limit(limit)
    )
    return list(users), int(total or 0)
