"""The rows behind each panel's CSV button: pure functions of stored records and a window."""
