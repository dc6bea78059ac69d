"""The benchmarks behind the README's figures, run from a checkout: `python -m bench NAME`.

They are not part of the installed package: they read the checkout's tests/ data and ../shared.
"""
