"""How urgent a message is, from most to least serious, and what each level asks of the patient.

- despair:   thoughts of self-harm; the crisis reply (crisis lines and the emergency number).
- emergency: an ambulance or an emergency department now (119 in Korea, the local number abroad).
- urgent:    the treating clinic or a doctor today.
- soon:      the clinic in the coming days; not an emergency.
- none:      nothing to act on.

Beside the levels, a message can say the patient is safe or has help now (SAFE): that ends urgent mode.
"""

from __future__ import annotations

DESPAIR, EMERGENCY, URGENT, SOON, NONE = "despair", "emergency", "urgent", "soon", "none"
# The level of a report (emergency, urgent or soon) travels with the message as this entity, set by
# the NLU's safety net (safety/nlu.py) and read by the actions; defined here, where the action server
# can import it without Rasa's NLU and TensorFlow.
LEVEL_ENTITY = "urgency_level"
SAFE = "safe"
SEVERITY = (DESPAIR, EMERGENCY, URGENT, SOON, NONE)
# The levels that put the conversation in urgent mode until the patient says they have help.
PERSISTENT = (DESPAIR, EMERGENCY, URGENT)


def most_serious(*levels: str) -> str:
    return min(levels, key=SEVERITY.index, default=NONE)
