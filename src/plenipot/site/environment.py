"""Read the site's configuration from the environment.

Only the settings module calls these functions, once, at start-up. Every problem is
raised as `ConfigurationError` with a one-line message that names the variable, so
that the command line can print it without a traceback.
"""

from __future__ import annotations

import atexit
import ipaddress
import os
import secrets
import shutil
import tempfile
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

DEFAULT_DATA_DIR = "plenipot-data"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
REDIS_SCHEMES = {"redis", "rediss", "unix"}
TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off", ""}


class ConfigurationError(ImproperlyConfigured):
    """A misconfigured environment variable; the message is one line."""


def flag(env: Mapping[str, str], name: str, *, default: bool) -> bool:
    raw = env.get(name)
    if raw is None:
        return default
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigurationError(f"{name} must be one of 1/0, true/false, yes/no, on/off, not {raw!r}")


def word_list(env: Mapping[str, str], name: str, *, default: list[str]) -> list[str]:
    raw = env.get(name)
    if raw is None:
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def whole_number(env: Mapping[str, str], name: str, *, default: int) -> int:
    """A number of things, 0 or more."""
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value < 0:
        raise ConfigurationError(f"{name} must be a whole number (0 or more), not {raw!r}")
    return value


def networks(env: Mapping[str, str], name: str) -> list[str]:
    """Comma-separated IP addresses or CIDR networks, each checked, e.g. 10.0.0.0/8."""
    found = []
    for item in word_list(env, name, default=[]):
        try:
            found.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigurationError(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.1, 10.0.0.0/8)"
            ) from None
    return found


def data_dir(env: Mapping[str, str]) -> Path:
    """The folder holding the SQLite database, the secret key and uploads.

    Under pytest, with no folder asked for, a throw-away folder keeps test runs from
    writing into the working directory.
    """
    raw = env.get("PLENIPOT_DATA_DIR")
    if raw:
        path = Path(raw).expanduser()
    elif "PYTEST_VERSION" in env:
        path = Path(tempfile.mkdtemp(prefix="plenipot-test-data-"))
        atexit.register(shutil.rmtree, path, ignore_errors=True)
    else:
        path = Path.cwd() / DEFAULT_DATA_DIR
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"PLENIPOT_DATA_DIR: cannot create the data folder {str(path)!r} ({exc.strerror})"
        ) from None
    return path.resolve()


def secret_key(env: Mapping[str, str], folder: Path) -> str:
    """`PLENIPOT_SECRET_KEY`, or a key generated on first run and kept in the data folder."""
    if env.get("PLENIPOT_SECRET_KEY"):
        return env["PLENIPOT_SECRET_KEY"]
    key_file = folder / "secret_key"
    try:
        if key_file.exists():
            key = key_file.read_text(encoding="ascii").strip()
            if key:
                return key
        key = secrets.token_urlsafe(50)
        # Created readable by the owner only.
        fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(key + "\n")
        return key
    except OSError as exc:
        raise ConfigurationError(
            f"PLENIPOT_DATA_DIR: cannot keep the secret key in {str(key_file)!r} ({exc.strerror})"
        ) from None


def databases(env: Mapping[str, str], folder: Path) -> dict:
    """PostgreSQL from `DATABASE_URL`, otherwise SQLite in the data folder."""
    url = env.get("DATABASE_URL", "").strip()
    if not url:
        return {
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": folder / "plenipot.sqlite3",
                "OPTIONS": {
                    # Writers take the lock at BEGIN, so two writers wait for each other
                    # (up to the timeout) instead of failing half-way with "locked".
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "init_command": (
                        "PRAGMA journal_mode=WAL;"
                        "PRAGMA synchronous=NORMAL;"
                        "PRAGMA foreign_keys=ON;"
                        "PRAGMA busy_timeout=20000;"
                    ),
                },
            }
        }

    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme not in POSTGRES_SCHEMES:
        raise ConfigurationError(
            "DATABASE_URL is malformed: expected postgres://user:password@host:port/name"
        )
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except Exception:
        raise ConfigurationError(
            "DATABASE_URL is malformed: expected postgres://user:password@host:port/name"
        ) from None
    if not config.get("NAME"):
        raise ConfigurationError("DATABASE_URL is malformed: it names no database")
    return {"default": config}


def redis_url(env: Mapping[str, str]) -> str | None:
    url = env.get("REDIS_URL", "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError on a bad port
    except ValueError:
        raise ConfigurationError(
            "REDIS_URL is malformed: expected redis://host:port/db"
        ) from None
    if parts.scheme not in REDIS_SCHEMES or (parts.scheme != "unix" and not parts.hostname):
        raise ConfigurationError("REDIS_URL is malformed: expected redis://host:port/db")
    return url


def caches(url: str | None) -> dict:
    if url:
        return {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": url,
            }
        }
    return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# Seconds a Redis read may wait; well above the channel layer's blocking pop (5 s).
CHANNEL_READ_TIMEOUT = 30


def channel_layers(url: str | None) -> dict:
    if url:
        return {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                # The layer waits for messages with a blocking pop of up to five
                # seconds; the Redis client's own read timeout (five seconds by default
                # in recent clients) must be longer, or every idle watcher's consumer is
                # torn down with a read timeout.
                "CONFIG": {
                    "hosts": [
                        {
                            "address": url,
                            "socket_timeout": CHANNEL_READ_TIMEOUT,
                            "socket_connect_timeout": 5,
                        }
                    ]
                },
            }
        }
    return {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}


def check_redis(url: str, *, timeout: float = 3.0) -> None:
    """Fail with a one-line message unless Redis answers a PING."""
    try:
        # Optional: the Redis client comes with plenipot[redis].
        import redis
    except ImportError:
        raise ConfigurationError(
            "REDIS_URL is set but the Redis client is missing: pip install 'plenipot[redis]'"
        ) from None
    try:
        client = redis.Redis.from_url(
            url, socket_connect_timeout=timeout, socket_timeout=timeout
        )
        client.ping()
        client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigurationError(f"REDIS_URL: cannot reach Redis ({reason})") from None
