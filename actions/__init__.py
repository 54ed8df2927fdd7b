"""Custom actions for the Rasa action server: thin glue between the tracker and `answers`."""

from inquiries import masking

# rasa_sdk has configured logging when it imports this package: patients' emails and phone
# numbers are masked in everything the action server logs from here on.
masking.install()
