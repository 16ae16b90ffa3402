"""Twitch EventSub ingestion: messages checked at the door (web/eventsub.py), kept once in a Redis
inbox (inbox.py), folded into the stream story's tables by a consumer (fold.py, consumer.py), and the
subscriptions that bring them, made and mended per tracked channel (subscriptions.py)."""
