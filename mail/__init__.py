"""Mail: composing messages (compose.py), sending them through SMTP_URL or writing them as .eml files
(transport.py), the outbox that sends each once with retries (delivery.py), and the links' tokens (tokens.py)."""
