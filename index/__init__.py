"""Morgue's headless domain: ingest, entities, the index, and search.

Never imports textual or `tui`: scripts, cron jobs and the CLI start fast.
"""
