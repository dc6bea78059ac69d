"""The always-on service: systemd integration, hot reload, events, confirmations, status."""
