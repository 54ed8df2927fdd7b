"""The coordinators' dashboard: the queue of inquiries, each with its transcript, notes and status,
CSV export, the questions the assistant could not answer, and a JSON API (`python -m dashboard`)."""
