"""Real local peers for tests and benchmarks: an SMTP sink, a loopback HTTP server.

They live in the package (not in a conftest) because benchmarks use them too.
"""
