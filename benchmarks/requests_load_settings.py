"""Settings of the load benchmark: the project's, plus a bare view to compare with."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.requests_load_urls"
