"""What researchers take away: export files built from the item store, one module per format."""
