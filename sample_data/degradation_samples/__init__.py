"""Write the SIMULATED degradation sample data: a baseline and three candidates in lm-eval layout.

Nothing here is a real model output. The script simulates per-item results over the Open LLM
Leaderboard v2 task layout (as lm-evaluation-harness names the tasks) so that, pooled over all
25,282 items, the discordant counts of each candidate against the baseline equal the (b, c)
reconstructed from the case study of Kübler et al., arXiv 2602.10144 (CC BY 4.0), Llama-3.1-8B
rows (see ``../shared/reference-data/degradation/case_study_llama31_8b_pooled.csv``):

- ``candidate_lossless_rerun``: b = 163, c = 168 (baseline rerun)
- ``candidate_kv_fp8``: b = 1241, c = 1042 (FP8 KV cache)
- ``candidate_w4a16``: b = 1816, c = 1378 (4-bit weights)

b counts items the baseline got right and the candidate wrong; c the reverse.

Each variant becomes an lm-eval ``--log_samples`` output folder
``<variant>/<model_name_sanitized>/{results_<date_id>.json, samples_<task>_<date_id>.jsonl}``
shaped like lm-eval 0.4.9 output (records carry ``filter`` and ``metrics``), zipped as
``<out>/<variant>.zip`` (what zipping a folder for a browser upload gives). A small
``manifest.json`` beside the zips lists the variants, labels them as simulated and states the
expected counts.

Modules, in the order the data flow through them:

- :mod:`.layout` — the task layout (Open LLM Leaderboard v2), the variants and the constants;
- :mod:`.items` — synthetic documents, prompts and answer choices;
- :mod:`.simulation` — seeded per-item outcomes and each candidate's flips;
- :mod:`.lm_eval_records` — the ``--log_samples`` record of one item;
- :mod:`.lm_eval_results` — the ``results_<date_id>.json`` file;
- :mod:`.lm_eval_folder` — one variant's folder, written as a zip;
- :mod:`.cli` — :func:`~.cli.generate` (zips and manifest, with the counts checked) and the
  command line.

Run from the repository root::

    python sample_data/make_degradation_samples.py            # writes sample_data/degradation/
    python sample_data/make_degradation_samples.py --out DIR  # somewhere else
    python sample_data/make_degradation_samples.py --folders  # also keep the unzipped folders

The output is byte-for-byte deterministic for a given numpy and zlib (only numpy and the
standard library are used).
"""
