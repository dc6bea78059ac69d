"""Understanding: sentence templates, the LLM, and one resolver to devices.yaml."""
