"""Files that hold secrets or customers' personal data are born private: 0600 files in 0700 directories.

Created with that mode (``os.open`` with a mode, ``mkdir(mode=…)``), never written first and tightened after:
in between, another local user could open the file and keep the descriptor. Directories that already exist
are left as they are (they may be shared on purpose, e.g. ``/tmp``); files we write are set to 0600.
"""

from __future__ import annotations

import os
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def private_dir(path: Path) -> Path:
    """Create ``path`` and any missing parents with mode 0700 (existing ones untouched); returns ``path``."""
    missing = []
    current = path
    while not current.exists():
        missing.append(current)
        if current.parent == current:
            break
        current = current.parent
    for directory in reversed(missing):
        directory.mkdir(mode=DIR_MODE, exist_ok=True)
        os.chmod(directory, DIR_MODE)  # mkdir's mode is filtered by the umask
    return path


def create_private(path: Path) -> None:
    """Make sure ``path`` exists with mode 0600: created so, or tightened when it is readable by others
    (best effort: a file we cannot change, e.g. read-only, is left for its opener to report)."""
    private_dir(path.parent)
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
        os.chmod(path, FILE_MODE)
    except FileExistsError:
        tighten(path)


def tighten(path: Path) -> None:
    """Drop group and other permissions from an existing file (ignored when not allowed)."""
    try:
        if path.stat().st_mode & 0o077:
            os.chmod(path, FILE_MODE)
    except OSError:
        pass


def write_private(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` atomically (a reader never sees half a file), mode 0600 from the start."""
    private_dir(path.parent)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    try:
        os.fchmod(fd, FILE_MODE)
        os.write(fd, text.encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)
    tmp.replace(path)
    return path
