"""Ground-level code that imports nothing of ours: connections and other shared plumbing."""
