"""How the assistant words its answers. Plain Python (no Rasa): tested on a real knowledge base."""
