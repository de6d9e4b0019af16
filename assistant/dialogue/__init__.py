"""The policy around a turn: empty and over-long messages, relaxing a constraint nobody can meet,
handing off to a human; sessions (memory or SQLite) and redaction of contact details."""
