import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))  # tests/corpus_eval.py is importable as a helper

# Compiled rules are cached; the tests use a cache of their own so that they exercise it from cold.
if "CXLINT_CACHE_DIR" not in __import__("os").environ:
    import os
    import tempfile

    os.environ["CXLINT_CACHE_DIR"] = tempfile.mkdtemp(prefix="cxlint-test-cache-")
