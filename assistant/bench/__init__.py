"""Benchmarks behind `assistant bench`; each module prints a table."""
