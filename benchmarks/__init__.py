"""Benchmark of the site build (``make bench``, ``python -m benchmarks``).

* :mod:`.corpus` writes a synthetic, deterministic corpus of N issues with the
  same front matter, registries and directives as the real site, in several
  variants (ours, without authors, without case studies, plain baseline).
* :mod:`.run` builds every variant in fresh subprocesses and prints one table
  of wall times, memory, incremental builds and search-index size against the
  targets. The corpus lives outside ``source/`` (``bench-corpus/`` by default).

See ``docs/benchmark.md``.
"""
