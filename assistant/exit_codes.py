"""The exit codes of every `assistant` command (the service's too): 1 a runtime failure (broker,
model, audio), 2 bad input (config, arguments)."""

EXIT_OK = 0
EXIT_FAILURE = 1
EXIT_BAD_INPUT = 2
