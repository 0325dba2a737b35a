"""The benchmarks behind the performance pages, and of the site itself."""
