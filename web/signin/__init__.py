"""Sign-in routes, one small module per provider, all the same shape."""
