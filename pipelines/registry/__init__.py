"""The tracked-CSO registry (``csos.yaml``): ``load_registry(path)`` and friends.

``types`` holds ``CSO`` and ``RegistryError``, ``validate`` checks entries, ``load`` reads,
writes and compiles the registry.
"""

from pipelines.registry.load import (
    CSO,
    Registry,
    RegistryError,
    dump_registry,
    load_registry,
    registry_from_dicts,
    registry_from_yaml,
)

__all__ = [
    "CSO",
    "Registry",
    "RegistryError",
    "dump_registry",
    "load_registry",
    "registry_from_dicts",
    "registry_from_yaml",
]
