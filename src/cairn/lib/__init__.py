"""Framework-free helpers. Nothing here imports a Cairn app or Django."""
