"""Audio in and out: 16 kHz mono int16 PCM from the microphone, WAV files or stdin."""
