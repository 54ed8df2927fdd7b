"""Running the assistant: settings, training when needed, and the process supervisor."""
