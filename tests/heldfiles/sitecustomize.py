"""Windows' rule for files another program holds, for a child process of the tests: on PYTHONPATH, Python imports
this at start-up.

A file named in HELD_FILES (os.pathsep-separated paths) is open in another program without FILE_SHARE_DELETE (an
antivirus scanning it, Explorer's preview, a sync client): Windows refuses to remove it, which Python raises as
PermissionError with errno EACCES (ERROR_SHARING_VIOLATION). os.unlink and os.remove (and so Path.unlink) refuse
those paths; everything else works as usual.
"""

from __future__ import annotations

import errno
import os

_HELD = {os.path.realpath(p) for p in os.environ.get("HELD_FILES", "").split(os.pathsep) if p}
_unlink, _remove = os.unlink, os.remove


def _guard(real):
    def removing(path, *args, **kwargs):
        if not isinstance(path, int) and os.path.realpath(os.fsdecode(path)) in _HELD:
            raise PermissionError(errno.EACCES, "Процесс не может получить доступ к файлу", os.fsdecode(path))
        return real(path, *args, **kwargs)
    return removing


os.unlink = _guard(_unlink)
os.remove = _guard(_remove)
