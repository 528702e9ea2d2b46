"""Finding captures again: the CDXJ replay index (written live and merged) and WACZ packages."""
