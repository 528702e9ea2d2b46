"""A deterministic demo news site, modelled on a dpa article page, served on loopback."""
