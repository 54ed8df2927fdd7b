"""Finding the facts a patient's message asks for: a multilingual sentence encoder, a keyword
index, and the conversation's context, over the fact book (`knowledge.factbook`)."""
