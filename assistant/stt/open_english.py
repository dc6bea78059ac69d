"""pocketsphinx's bundled general English language model, heard alongside the home's model, for
an utterance the home's model could not hear as a command: its words go to an understanding that
includes the LLM, which reads sentences no template does ("it's pitch black in the kitchen").

Only for installs without Whisper (`stt: pocketsphinx`, or `auto` where faster-whisper is
missing): on the 206 Piper-spoken sentences only the LLM reads it got 37-41% right end to end,
Whisper's second pass (two_pass.py) 80.6% (README, "Voice, LLM-understood commands").

Measured choices (2-core x86 VM, shared, load 1.5-4):
- A second Decoder rather than a second search on the home's decoder (`add_lm`): that one needs
  the whole 130k-word dictionary, which slows its start from 0.2 to 2.2 s and costs more memory
  (+109 MB against +87 MB and 0.6 s to load this one), and the home's decoder stays exactly as it
  is when the LLM is off.
- Fed while the command is spoken rather than re-decoding the utterance after its end: that costs
  about a quarter of a core during speech, but ending it takes 10-50 ms where a re-decode took
  0.4-1.8 s, which alone broke the 1.5 s target (P50 1.73 s end of speech -> broker ack).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.stt.engine import SpeechToTextError


def bundled_english() -> tuple[Any, Path]:
    """pocketsphinx's Decoder class and the en-us model folder its wheel ships; a clear error
    when pocketsphinx is not installed."""
    try:
        from pocketsphinx import Decoder, get_model_path
    except ImportError:
        raise SpeechToTextError("pocketsphinx is not installed: pip install pocketsphinx") from None
    return Decoder, Path(get_model_path()) / "en-us"


@dataclass(frozen=True)
class OpenHearing:
    """What the general model heard, and the decoder's posterior probability of it."""

    text: str
    confidence: float


class OpenEnglishPass:
    """One utterance at a time: `begin`, `accept` its audio, and `finish` only when the words are
    wanted (most commands are template sentences: theirs is never ended on the critical path)."""

    def __init__(self, first_cepstral_mean: str) -> None:
        decoder_class, model_dir = bundled_english()
        self.decoder = decoder_class(
            hmm=str(model_dir / "en-us"),
            dict=str(model_dir / "cmudict-en-us.dict"),
            lm=str(model_dir / "en-us.lm.bin"),
            cmninit=first_cepstral_mean,
            # The flat second search doubles the time and gave the same words on Piper-spoken
            # paraphrases.
            fwdflat=False,
            loglevel="FATAL",
        )
        self.in_utterance = False

    def begin(self, cepstral_mean: str) -> None:
        """Start an utterance normalised like the home's decoder's (which hears every command;
        this one's own estimate would drift apart)."""
        if self.in_utterance:  # the last one's words were not wanted: end it now, off the critical path
            self.decoder.end_utt()
        self.decoder.set_cmn(cepstral_mean)
        self.decoder.start_utt()
        self.in_utterance = True

    def accept(self, pcm: bytes) -> None:
        self.decoder.process_raw(pcm, False, False)

    def finish(self) -> OpenHearing:
        if self.in_utterance:
            self.decoder.end_utt()
            self.in_utterance = False
        hypothesis = self.decoder.hyp()
        if hypothesis is None:
            return OpenHearing("", 0.0)
        return OpenHearing(hypothesis.hypstr, float(hypothesis.prob))
