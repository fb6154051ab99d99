def load(ctx: dict) -> None:
    """Demo data for this app; filled in as the app grows."""
