"""Training the understanding model: the synthetic corpus (corpus.py) and the LoRA run (lora.py)."""
