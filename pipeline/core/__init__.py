"""Shared foundations: configuration, messages, dates, the working-hours calendar, text normalisation."""
