"""Input channels: how messages from patients' apps reach the assistant."""
