"""Benchmarks: `python -m benchmarks.<name> [--quick]`; the last line printed is JSON.

Each benchmark measures against a baseline in the same run (these machines are shared and
noisy), so the ratio is what to compare across runs; figures go to docs/performance.md.
"""
