"""Several machines, one archive: the shared Redis frontier and its workers."""
