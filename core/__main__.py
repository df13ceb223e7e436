"""``python -m core``: the command-line entry point."""

import sys

if __name__ == "__main__":
    try:
        from core.cli import main
    except Exception as error:  # a broken install must not exit 1, which means "degraded"
        sys.stderr.write(f"internal error: cannot start ({type(error).__name__}: {error}).\n")
        sys.exit(4)
    sys.exit(main())
