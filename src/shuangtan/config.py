"""Settings (配置), read from the environment with the ``SHUANGTAN_`` prefix."""

from __future__ import annotations

import secrets
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """The platform's settings; every field can be set as ``SHUANGTAN_<NAME>``."""

    model_config = SettingsConfigDict(env_prefix="SHUANGTAN_", extra="ignore")

    var_dir: Path = Field(
        default=Path("var"), description="Where the embedded database and keys live"
    )
    database_url: str = Field(
        default="", description="SQLAlchemy URL; empty means SQLite under var/"
    )
    secret_key: str = Field(
        default="", description="Signing key; empty means generate one under var/"
    )
    city: str = Field(default="jiaxing", description="City configuration folder under data/cities/")
    access_token_minutes: int = Field(default=30, ge=1, le=24 * 60)
    session_hours: int = Field(default=12, ge=1, le=24 * 14)
    public_rate_limit_per_minute: int = Field(default=120, ge=1)
    secure_cookies: bool = Field(default=False, description="Send cookies only over HTTPS")
    # --- disclosure control of the public dashboard (issue 10; docs/dashboard.md)
    disclosure_min_entities: int = Field(
        default=3, ge=1, le=100, description="Threshold rule: a cell of fewer entities is withheld"
    )
    disclosure_dominance_n: int = Field(
        default=1, ge=1, le=2, description="(n, k) dominance rule: how many largest entities"
    )
    disclosure_dominance_k: Decimal = Field(
        default=Decimal(85), gt=0, lt=100, description="(n, k) dominance rule: their share, %"
    )
    disclosure_p_percent: Decimal = Field(
        default=Decimal(10),
        gt=0,
        le=100,
        description="p % rule: no entity may estimate another's value to within p %",
    )
    disclosure_secondary: Literal["network", "milp"] = Field(
        default="network",
        description="Secondary suppression: network (fast) or milp (the exact integer program, "
        "seconds a year's table; computed once per data version)",
    )
    # --- sessions and logins (issue 9; the auth helper adds its settings below this line)
    session_idle_minutes: int = Field(
        default=30, ge=1, le=24 * 60, description="A web session ends after this long unused"
    )
    login_max_failures: int = Field(
        default=5, ge=1, le=1000, description="Failed logins of one account before it is locked"
    )
    login_failure_window_minutes: int = Field(
        default=15, ge=1, le=24 * 60, description="The window in which failed logins are counted"
    )
    login_lockout_minutes: int = Field(
        default=15, ge=1, le=7 * 24 * 60, description="How long a locked account stays locked"
    )
    login_max_client_failures: int = Field(
        default=30, ge=1, le=100_000, description="Failed logins from one address per window"
    )
    password_hash_concurrency: int = Field(
        default=2, ge=1, le=64, description="Argon2 checks at once per process (64 MiB each)"
    )
    password_hash_wait_seconds: float = Field(
        default=2.0, ge=0, le=60, description="How long a login waits for a free Argon2 slot"
    )
    # --- protection at the door (issue 9; the door helper adds its settings below this line)
    max_body_bytes: int = Field(
        default=1024 * 1024,
        ge=1024,
        description="Largest request body of a route that takes no upload, in bytes "
        "(the upload routes have their own caps, web/protection.py)",
    )
    trusted_proxies: str = Field(
        default="",
        description="Reverse proxies whose X-Forwarded-For is believed: addresses or CIDR "
        "networks, comma-separated (e.g. 10.0.0.5,172.16.0.0/12); empty: none",
    )
    hsts_seconds: int = Field(
        default=365 * 24 * 3600,
        ge=0,
        description="Strict-Transport-Security max-age, sent when secure_cookies is on (0: none)",
    )

    def resolved_database_url(self) -> str:
        """The database URL, defaulting to ``sqlite:///<var_dir>/shuangtan.db``."""
        if self.database_url:
            return self.database_url
        self.var_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{(self.var_dir / 'shuangtan.db').resolve()}"

    def resolved_secret_key(self) -> str:
        """The secret key; generated on first use and kept in ``<var_dir>/secret_key``."""
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if path.exists():
            return path.read_text(encoding="utf-8").strip()
        self.var_dir.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        path.write_text(key + "\n", encoding="utf-8")
        path.chmod(0o600)
        return key


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings."""
    return Settings()
