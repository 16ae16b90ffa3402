"""The history database: its tables, its queries, the archive the app calls, the import of older Redis
data, and the stream story read back."""
