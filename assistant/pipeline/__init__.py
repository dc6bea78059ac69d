"""The always-on voice loop: audio -> wake word -> endpointing + speech-to-text -> the utterance handler."""
