"""WARC files: how the archive writes its records and reads its captures back."""
