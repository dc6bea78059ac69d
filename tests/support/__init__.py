"""Test support that the benchmarks (bench/, run from a checkout) use too: where the checkout keeps
its data, the HA corpus and its scorer, the paraphrase sets, generated homes.

Tests import it as `support` (pytest puts tests/ on the path); bench/ as `tests.support`.
"""
