"""What the analysis pool's forkserver loads once, before it forks a worker: the worker code
and the Russian dictionary (about 20 MB), so every worker shares one copy of it (copy on write)
instead of loading its own. Only the forkserver imports this module."""

from pipelines.language import russian_morphology
from spiders import workpool  # noqa: F401  (the workers' code)

russian_morphology()
