"""One module per check rule (btNNN_name.py); registry.py lists them."""
