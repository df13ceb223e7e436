"""``python -m core``: the command-line entry point."""

import gc
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
    status = main()
    # The process ends here: the collections Python runs while finalizing would only walk
    # objects that are freed with their modules anyway (numpy and scipy's alone cost about
    # 0.04 s of CPU at exit; issue 13, docs/engineering-notes.md h13cmp). Modules are still
    # torn down and atexit handlers run.
    gc.freeze()
    sys.exit(status)
