"""Remembers which platform deliveries were already handled, so a redelivered webhook call
(Slack retries after about 3 seconds without an answer, LINE redelivers on request) is answered
without being processed twice. Plain Python; memory of one server process."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable


class Deliveries:
    def __init__(self, keep_s: float = 3600, most: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self._keep_s = keep_s
        self._most = most
        self._clock = clock
        self._seen: OrderedDict[str, float] = OrderedDict()

    def first_time(self, delivery_id: str) -> bool:
        """True the first time an id is seen (and remembers it); False for a repeat."""
        now = self._clock()
        while self._seen and (len(self._seen) >= self._most or next(iter(self._seen.values())) < now - self._keep_s):
            self._seen.popitem(last=False)
        if delivery_id in self._seen:
            return False
        self._seen[delivery_id] = now
        return True
