"""Packages of the wheel: everything under app/ and migrations/, plus two folders mapped in.

pyproject.toml holds the rest of the build. The package list lives here because pyproject's
`packages.find` cannot add a package whose folder sits elsewhere: `app.sample_drafts` is
`sample_drafts/` and `app.bench` is `tests/bench/`, kept at the top of the repository.
"""

from setuptools import find_namespace_packages, setup

MAPPED = {"app.sample_drafts": "sample_drafts", "app.bench": "tests/bench"}

setup(
    packages=[*find_namespace_packages(include=["app*", "migrations*"]), *MAPPED],
    package_dir=MAPPED,
)
