"""Rasa's Redis lock store, made safe for several Rasa servers.

Rasa 3.6's `RedisLockStore` changes a conversation's ticket lock by reading it from Redis, changing
it in the server's memory and writing it back. When two servers do that at the same moment for one
conversation (two of its messages arriving together at different servers), one write is lost: both
messages get the same ticket, are handled at once, and one turn overwrites the other in the
tracker store (rasa issue 9213; the concurrent lock store that fixed it was withdrawn from Rasa
Open Source). Here each of those changes holds a short Redis mutex of its conversation.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

MUTEX_TIMEOUT_S = 5  # a server that dies holding the mutex frees it after this
MUTEX_POLL_S = 0.002  # a change takes a few Redis round trips: wait in small steps


class AtomicRedisLockStore(RedisLockStore):
    """`type: service.lock_store.AtomicRedisLockStore` with Rasa's `redis` settings (service/endpoints.py)."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        super().__init__(host=endpoint_config.url, **endpoint_config.kwargs)

    @contextmanager
    def _exclusive(self, conversation_id: str) -> Iterator[None]:
        # Outside the key prefix, so that no conversation id can name the mutex of another.
        name = f"mutex:{self.key_prefix}{conversation_id}"
        with self.red.lock(name, timeout=MUTEX_TIMEOUT_S, sleep=MUTEX_POLL_S, blocking_timeout=MUTEX_TIMEOUT_S):
            yield

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._exclusive(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._exclusive(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._exclusive(conversation_id):
            super().cleanup(conversation_id, ticket_number)
