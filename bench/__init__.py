"""Benchmarks that measure and print figures (issue 6): `python -m bench` runs them all; each module runs alone.

Nothing here is imported by the app or by the tests: these scripts start their own gunicorn processes on
127.0.0.1, drive them and report medians next to a baseline measured in the same run.
"""
