"""Atomic file writes: a crash mid-write leaves the old file or the new one, never a torn one."""

from __future__ import annotations

import os
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path


def write_text(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` via a temporary file in the same folder, fsync and rename."""
    write_bytes(path, text.encode("utf-8"))


def write_bytes(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    try:  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
    except OSError:  # pragma: no cover - platforms without directory fds
        return
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


def write_many(root: Path, files: Iterable[tuple[str, str | bytes]], *, durable: bool = False,
               workers: int = 4) -> int:
    """Write many files below ``root``, each atomically (temporary file, then rename), on a few
    threads: with thousands of small files (a calendar per offer) the time goes into system
    calls, which threads overlap. Each folder is made once. ``durable`` also fsyncs every file
    (for data that must survive a power cut; a site folder is rebuilt instead). Returns the count."""
    items = [(root / path, content.encode("utf-8") if isinstance(content, str) else content)
             for path, content in files]
    for folder in sorted({path.parent for path, _ in items}):
        folder.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        for _ in pool.map(lambda item: _write(*item, durable=durable), items):
            pass
    return len(items)


def _write(path: Path, data: bytes, *, durable: bool) -> None:
    if durable:
        write_bytes(path, data)
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
