"""The suite's limit on one test (conftest.py TEST_TIME_LIMIT): a test that hangs ends the run with every thread's
traceback, instead of holding CI until the machine's own limit (a mocked dialog once answered the same refused date
for ever)."""

import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent


def test_a_hanging_test_ends_the_run_with_its_traceback(tmp_path):
    probe = tmp_path / "test_probe.py"
    probe.write_text("import time\n\n\ndef test_waits_for_ever():\n    time.sleep(60)\n", encoding="utf-8")
    env = {**os.environ, "TEST_TIME_LIMIT": "2", "PYTHONPATH": str(TESTS)}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest",
                           "--rootdir", str(tmp_path), str(probe)], capture_output=True, text=True, timeout=50,
                          env=env, cwd=tmp_path)
    assert done.returncode != 0
    assert "Timeout (0:00:02)!" in done.stderr and "test_waits_for_ever" in done.stderr
