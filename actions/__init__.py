"""Custom actions for the Rasa action server: thin glue between the tracker and `answers`."""

from actions.knowledge_actions import retriever
from inquiries import masking

# rasa_sdk has configured logging when it imports this package: patients' emails and phone
# numbers are masked in everything the action server logs from here on.
masking.install()
# The encoder and the fact book's index load now (from `python -m knowledge index`'s cache), at the
# server's start, not on the first patient's question.
retriever().encoder.embed("hello")
