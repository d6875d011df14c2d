"""Settings read from the environment, and the one-line messages for bad values."""

import asyncio
import os
import socket

import pytest

from plenipot.site import environment
from plenipot.site.environment import ConfigurationError


def test_sqlite_in_the_data_folder_with_wal_and_immediate_transactions(tmp_path):
    config = environment.databases({}, tmp_path)["default"]
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == tmp_path / "plenipot.sqlite3"
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["timeout"] >= 5


def test_database_url_switches_to_postgresql(tmp_path):
    config = environment.databases(
        {"DATABASE_URL": "postgres://plenipot:secret@db.example:5433/plenipot"}, tmp_path
    )["default"]
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.example", 5433, "plenipot")


@pytest.mark.parametrize(
    "url",
    ["garbage", "mysql://x@y/z", "postgres://u@h:notaport/db", "postgres://u@h:5432/", "http://x"],
)
def test_malformed_database_url_is_one_line_naming_the_variable(tmp_path, url):
    with pytest.raises(ConfigurationError) as caught:
        environment.databases({"DATABASE_URL": url}, tmp_path)
    message = str(caught.value)
    assert message.startswith("DATABASE_URL")
    assert "\n" not in message


def test_redis_url_switches_cache_and_channel_layer():
    url = environment.redis_url({"REDIS_URL": "redis://127.0.0.1:6379/0"})
    assert environment.caches(url)["default"]["BACKEND"].endswith("RedisCache")
    assert environment.channel_layers(url)["default"]["BACKEND"].startswith("channels_redis")
    assert environment.caches(None)["default"]["BACKEND"].endswith("LocMemCache")
    assert environment.channel_layers(None)["default"]["BACKEND"].endswith(
        "InMemoryChannelLayer"
    )


@pytest.mark.parametrize("url", ["localhost:6379", "http://x:1/0", "redis://h:port/0"])
def test_malformed_redis_url(url):
    with pytest.raises(ConfigurationError, match="^REDIS_URL"):
        environment.redis_url({"REDIS_URL": url})


def test_unreachable_redis_is_one_line():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    # Nothing listens on the port once the probe socket is closed.
    with pytest.raises(ConfigurationError) as caught:
        environment.check_redis(f"redis://127.0.0.1:{port}/0", timeout=1)
    assert str(caught.value).startswith("REDIS_URL: cannot reach Redis")
    assert "\n" not in str(caught.value)


def test_secret_key_is_generated_once_and_kept(tmp_path):
    first = environment.secret_key({}, tmp_path)
    assert len(first) >= 50
    assert environment.secret_key({}, tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert environment.secret_key({"PLENIPOT_SECRET_KEY": "given"}, tmp_path) == "given"


def test_data_dir_from_environment(tmp_path):
    target = tmp_path / "nested" / "data"
    assert environment.data_dir({"PLENIPOT_DATA_DIR": str(target)}) == target
    assert target.is_dir()


def test_flags():
    assert environment.flag({"X": "yes"}, "X", default=False) is True
    assert environment.flag({}, "X", default=True) is True
    assert environment.flag({"X": "0"}, "X", default=True) is False
    with pytest.raises(ConfigurationError, match="^X must be"):
        environment.flag({"X": "maybe"}, "X", default=False)


def test_running_settings(settings):
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert "axes" in settings.INSTALLED_APPS and "plenipot.portal" in settings.INSTALLED_APPS
    assert [code for code, _name in settings.LANGUAGES] == ["ar", "zh-hans", "en", "fr", "ru", "es"]
    assert "django.middleware.locale.LocaleMiddleware" in settings.MIDDLEWARE
    assert settings.MEDIA_ROOT == settings.DATA_DIR / "media"
    assert settings.ASGI_APPLICATION == "plenipot.site.asgi.application"


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="REDIS_URL is not set")
def test_an_idle_watcher_outlasts_the_channel_layers_blocking_wait():
    """A consumer waits for messages with the layer's blocking pop (five seconds at a
    time); the Redis client's read timeout must not cut that wait short."""
    from channels_redis.core import RedisChannelLayer

    config = environment.channel_layers(os.environ["REDIS_URL"])["default"]["CONFIG"]

    async def idle() -> str:
        layer = RedisChannelLayer(**config)
        channel = await layer.new_channel()
        try:
            await asyncio.wait_for(layer.receive(channel), timeout=layer.brpop_timeout + 2)
        except TimeoutError:
            return "still waiting"
        finally:
            await layer.flush()
        return "a message"

    assert asyncio.run(idle()) == "still waiting"
