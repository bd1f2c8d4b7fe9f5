"""KAM Console: key account management for a sales branch."""
