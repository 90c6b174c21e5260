"""`make bench`: measure, never assert. Each module returns rows for BENCHMARKS.md."""
