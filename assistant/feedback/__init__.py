"""Feedback: short sounds on wake, done and error, and spoken replies with Piper."""
