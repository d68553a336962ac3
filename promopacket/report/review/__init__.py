"""Cohort review: build records, what changed between builds, calibration, the HTML review."""
