"""The sample negotiation, shipped in the package as `app.sample_drafts` (see app/bundled.py)."""
