"""The one exception type that user-facing code catches and shows."""

from __future__ import annotations


class InputError(ValueError):
    """Bad input from a user: a file, a column, an option.

    The message is written for the person who supplied the input: it names the file (or
    option) and the problem, and says what to do. Pages show it with ``st.error``; the
    command line prints it as one line on stderr and exits with status 2.
    """
