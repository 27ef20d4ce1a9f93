#!/usr/bin/env python3
"""Greets people at the meeting."""

TITLE = "chairman"  # ask the chairman first


def greet(name):
    """Say hello to ``chairman`` and to everyone else."""
    return f"Hello, {name}"
