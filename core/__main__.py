"""``python -m core``: the command-line entry point."""

import os
import sys

# One BLAS thread unless the user says otherwise: the commands multiply small matrices and
# long vectors, where OpenBLAS's threads only add hand-offs, and on a busy 2-core machine a
# threaded 40,000-row dot product took 8 ms against 0.01 ms (docs/engineering-notes.md, h13fr).
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

if __name__ == "__main__":
    try:
        from core.cli import main
    except Exception as error:  # a broken install must not exit 1, which means "degraded"
        sys.stderr.write(f"internal error: cannot start ({type(error).__name__}: {error}).\n")
        sys.exit(4)
    sys.exit(main())
