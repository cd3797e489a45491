"""Qt table models: thin adapters from core objects to Qt roles."""
