"""Celery render workers: Playwright + Chromium, sharing extraction and storage with the spider."""
