"""After the transcript: understand, hold risky commands for a yes, deliver, answer, report.

One `UtteranceHandler` serves `assistant send`, `assistant run` and the service; what differs
between them is only how its parts are put together (which events sink, how a question is
answered: by voice, on the confirm topic, or on the terminal).
"""
