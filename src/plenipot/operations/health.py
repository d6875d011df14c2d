"""Is the site alive, and is it ready to serve?

`/healthz` answers as long as the process does. `/readyz` also reaches what every page
and live socket needs: the database, the cache, the channel layer, and a schema with
every migration applied. A load balancer sends traffic to a process only while it is
ready, so a new version started before `plenipot migrate` waits for it
(docs/operations.md, "Upgrades").
"""

from __future__ import annotations

import asyncio
import logging
import uuid

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

logger = logging.getLogger(__name__)

#: How long the channel layer may take to hand a message back, in seconds.
CHANNEL_TIMEOUT = 3.0


def _database() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        return cursor.fetchone()[0] == 1


class _Migrations:
    """Whether every migration this version knows is applied. Once it is, it stays so
    for the life of the process (a newer version runs in new processes), so the
    migration files are read only until then."""

    applied = False

    @classmethod
    def check(cls) -> bool:
        if not cls.applied:
            executor = MigrationExecutor(connection)
            cls.applied = not executor.migration_plan(executor.loader.graph.leaf_nodes())
        return cls.applied


def _cache() -> bool:
    key = f"plenipot:readyz:{uuid.uuid4().hex}"
    cache.set(key, 1, 10)
    try:
        return cache.get(key) == 1
    finally:
        cache.delete(key)


def _channel_layer() -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False

    async def round_trip() -> bool:
        channel = await layer.new_channel()
        await layer.send(channel, {"type": "plenipot.readyz"})
        message = await asyncio.wait_for(layer.receive(channel), timeout=CHANNEL_TIMEOUT)
        return message.get("type") == "plenipot.readyz"

    return async_to_sync(round_trip)()


CHECKS = (
    ("database", _database),
    ("migrations", _Migrations.check),
    ("cache", _cache),
    ("channel layer", _channel_layer),
)


def readiness() -> list[tuple[str, bool]]:
    """Each check's name and whether it passed. Why one failed goes to the log, not to
    the answer: the probe may be seen by anyone who reaches the site."""
    results = []
    for name, check in CHECKS:
        try:
            passed = bool(check())
        except Exception:
            logger.warning("readiness: %s: failed", name, exc_info=True)
            passed = False
        else:
            if not passed:
                logger.warning("readiness: %s: not ready", name)
        results.append((name, passed))
    return results
