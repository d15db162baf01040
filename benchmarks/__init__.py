"""Benchmarks: each ``python -m benchmarks.NAME`` prints one JSON object as its last line."""
