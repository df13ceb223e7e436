"""Write the SIMULATED degradation sample data (a baseline and three candidates in lm-eval
layout): the command line of the package ``sample_data/degradation_samples/``, whose docstring
says what is simulated and from which published counts. Run from the repository root::

    python sample_data/make_degradation_samples.py            # writes sample_data/degradation/
    python sample_data/make_degradation_samples.py --out DIR  # somewhere else
    python sample_data/make_degradation_samples.py --folders  # also keep the unzipped folders

The output is byte-for-byte deterministic for a given numpy and zlib.
"""

from degradation_samples.cli import main

if __name__ == "__main__":
    main()
