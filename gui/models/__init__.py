"""Qt table models over the model's data (tested without widgets)."""
