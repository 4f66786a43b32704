"""Today's in-memory search engine (the oracle of the engine over the index file) and test helpers."""
