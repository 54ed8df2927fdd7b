"""Patient safety: recognising urgent signs and distress, and the guidance given for them.

Plain Python, tested without Rasa. The NLU component in `safety.nlu` runs the detector on every
message, so an urgent sign is caught whatever the classifier made of the message.
"""
