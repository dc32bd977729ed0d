"""Engines that run a batch somewhere else than in this process (the local engine is :mod:`align.batch`).

* :mod:`align.engines.ray`: a Ray cluster with Ray Data (``align batch --engine ray``, the
  ``clausealign[ray]`` extra); the only module of clausealign that imports ``ray``.
"""
