"""HTML views. Each parses input, makes one domain call, renders."""
