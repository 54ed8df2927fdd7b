"""What the patient is told about the coordinators: the clinic's own service level, set by the
integrator through the environment (these are the clinic's commitments, not facts of the article)."""

from __future__ import annotations

import os
from dataclasses import dataclass


@dataclass(frozen=True)
class Coordinators:
    response_time: str  # e.g. "one working day"
    hours: str  # e.g. "Monday to Friday, 9:00-18:00 Korea time"
    contact: str  # e.g. "coordinators@clinic.example or +82 2 123 4567"; empty when not published

    @classmethod
    def from_environment(cls) -> Coordinators:
        return cls(
            response_time=os.environ.get("COORDINATOR_RESPONSE_TIME", "one working day").strip(),
            hours=os.environ.get("COORDINATOR_HOURS", "Monday to Friday, 9:00-18:00 Korea time").strip(),
            contact=os.environ.get("COORDINATOR_CONTACT", "").strip(),
        )

    def when(self) -> str:
        return f"within {self.response_time}, during their working hours ({self.hours})"
