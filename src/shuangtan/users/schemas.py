"""Request and response shapes of the users API (用户接口数据结构)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from shuangtan.audit import ChainReport
from shuangtan.audit.models import AuditEntry
from shuangtan.auth.models import User
from shuangtan.auth.principal import Principal
from shuangtan.auth.roles import Role
from shuangtan.kit.params import Id
from shuangtan.kit.schemas import UtcTime

__all__ = [
    "AuditEntryRead",
    "ChainReportRead",
    "LogoutRead",
    "PasswordChange",
    "PrincipalRead",
    "TokenRead",
    "UserCreate",
    "UserRead",
]


class TokenRead(BaseModel):
    """访问令牌 access token (OAuth2 password flow)."""

    access_token: str = Field(description="访问令牌 the bearer token (JWT)")
    token_type: str = Field(default="bearer", description="令牌类型 always 'bearer'")
    expires_in: int = Field(description="Seconds until the token expires (有效期,秒)")


class LogoutRead(BaseModel):
    """退出登录 the logins that ended (web sessions and API tokens)."""

    ended: int = Field(description="How many logins ended (结束的登录数)")


class PasswordChange(BaseModel):
    """修改密码 one's own password: the current one and the new one."""

    model_config = ConfigDict(extra="forbid")

    current_password: str = Field(min_length=1, max_length=256, description="当前密码")
    new_password: str = Field(
        min_length=1,
        max_length=256,
        description="新密码: at least 10 characters; not digits only, repeated, a run of keys, "
        "a common password or built on the username",
    )


class PrincipalRead(BaseModel):
    """当前用户 the logged-in user."""

    user_id: int
    username: str
    display_name: str
    role: Role
    role_label_zh: str
    role_label_en: str
    county_code: str | None = Field(description="An official's scope: city or county code (范围)")
    entity_id: int | None = Field(description="An enterprise user's entity (企业)")

    @classmethod
    def of(cls, principal: Principal) -> PrincipalRead:
        """The answer for the logged-in principal."""
        return cls(
            user_id=principal.user_id,
            username=principal.username,
            display_name=principal.display_name,
            role=principal.role,
            role_label_zh=principal.role.label_zh,
            role_label_en=principal.role.label_en,
            county_code=principal.scope.code,
            entity_id=principal.entity_id,
        )


class UserCreate(BaseModel):
    """新建用户 a user to create."""

    model_config = ConfigDict(extra="forbid")

    username: str = Field(min_length=3, max_length=64, description="Login name (用户名)")
    password: str = Field(
        min_length=1,
        max_length=256,
        description="At least 10 characters; not digits only, repeated, a run of keys, a common "
        "password or built on the username (密码)",
    )
    role: Role = Field(description="Role (角色)")
    display_name: str = Field(min_length=1, max_length=128, description="Display name (显示名称)")
    county_code: str | None = Field(
        default=None, max_length=12, description="Official's scope: city or county code (范围)"
    )
    entity_id: Id | None = Field(default=None, description="Enterprise user's entity (企业)")


class UserRead(BaseModel):
    """用户 a user as the admin sees it (never the password hash)."""

    id: int
    username: str
    display_name: str
    role: Role
    county_code: str | None
    entity_id: int | None
    is_active: bool
    created_at: UtcTime
    locked_until: UtcTime | None = Field(
        default=None, description="Locked after failed logins until then (锁定至), else null"
    )

    @classmethod
    def of(cls, user: User, locked_until: datetime | None = None) -> UserRead:
        """The answer for a user row (scope code as ``county_code``) and its lock."""
        return cls(
            id=user.id,
            username=user.username,
            display_name=user.display_name,
            role=Role(user.role),
            county_code=user.scope_code,
            entity_id=user.entity_id,
            is_active=user.is_active,
            created_at=user.created_at,
            locked_until=locked_until,
        )


class AuditEntryRead(BaseModel):
    """审计记录 an audit entry."""

    model_config = ConfigDict(from_attributes=True)

    seq: int
    created_at: UtcTime
    actor_user_id: int | None
    actor_username: str | None
    actor_role: str | None
    action: str
    entity_type: str
    entity_id: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None
    prev_hash: str
    hash: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditEntryRead:
        """The answer for an audit entry row."""
        return cls.model_validate(entry)


class ChainReportRead(BaseModel):
    """审计链校验结果 the audit chain's verification."""

    ok: bool
    checked: int
    first_bad_seq: int | None
    problem_zh: str
    problem_en: str

    @classmethod
    def of(cls, report: ChainReport) -> ChainReportRead:
        """The answer for a chain verification."""
        return cls(
            ok=report.ok,
            checked=report.checked,
            first_bad_seq=report.first_bad_seq,
            problem_zh=report.problem_zh,
            problem_en=report.problem_en,
        )
