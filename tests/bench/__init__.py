"""The benchmarks, shipped in the package as `app.bench` (see app/bundled.py); run as scripts."""
