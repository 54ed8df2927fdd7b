"""The patients' languages: which one a message is written in, and the assistant's phrases in each."""
