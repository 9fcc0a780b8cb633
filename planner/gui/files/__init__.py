"""Plans on disk: the library, open, save and export, scenarios and crash recovery."""
