"""Marsad: a terminal observatory of the Moroccan and African private health sector."""

__version__ = "0.1.0"
