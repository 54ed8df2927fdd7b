"""Custom actions for the Rasa action server: thin glue between the tracker and `answers`."""
