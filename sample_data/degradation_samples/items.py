"""Synthetic items: short, visibly simulated documents, prompts and answer choices."""

from __future__ import annotations

import json

import numpy as np

from .layout import LETTERS, Task

WORDS = (
    "red blue green small large first last left right north south river tower lamp "
    "book coin seed stone cloud glass apple train field clock paper"
).split()
NAMES = ["Alice", "Bob", "Carol", "Dave", "Erin", "Frank", "Grace"]
PLACES = ["drawer", "shelf", "basket", "box", "table"]
IFEVAL_INSTR = [
    ("punctuation:no_comma", {}),
    ("length_constraints:number_words", {"num_words": 300, "relation": "at least"}),
    ("detectable_format:title", {}),
    ("change_case:english_lowercase", {}),
    ("keywords:existence", {"keywords": ["lamp", "river"]}),
    ("detectable_format:number_bullet_lists", {"num_bullets": 3}),
    ("startend:end_checker", {"end_phrase": "Is there anything else I can help with?"}),
]
MMLU_CATS = [
    "biology",
    "business",
    "chemistry",
    "computer science",
    "economics",
    "engineering",
    "health",
    "history",
    "law",
    "math",
    "other",
    "philosophy",
    "physics",
    "psychology",
]


def _words(rng: np.random.Generator, k: int) -> str:
    return " ".join(WORDS[i] for i in rng.integers(0, len(WORDS), k))


def _question(task: Task, doc_id: int, rng: np.random.Generator) -> str:
    return (
        f"Simulated {task.kind} item {doc_id}: which answer fits the "
        f"{_words(rng, 4)} pattern described here?"
    )


def make_doc(task: Task, doc_id: int, gold: int, rng: np.random.Generator) -> tuple[dict, str]:
    """Return (doc, target) for one item; ``gold`` indexes ``task.choices`` where relevant."""
    q = _question(task, doc_id, rng)
    if task.kind == "bbh":
        return {"input": q, "target": task.choices[gold]}, task.choices[gold]
    if task.kind == "gpqa":
        doc = {"Question": q}
        for i in range(4):
            doc[f"choice{i + 1}"] = _words(rng, 2)
        doc["answer"] = task.choices[gold]
        return doc, task.choices[gold]
    if task.kind == "musr":
        pool = NAMES if task.topic != "object_placements" else PLACES
        opts = [pool[(doc_id + i) % len(pool)] for i in range(len(task.choices))]
        doc = {
            "narrative": f"Simulated story {doc_id} about the {_words(rng, 3)}.",
            "question": q,
            "choices": str(opts),
            "answer_index": gold,
            "answer_choice": opts[gold],
        }
        return doc, opts[gold]
    if task.kind == "mmlu_pro":
        cat = MMLU_CATS[doc_id % len(MMLU_CATS)]
        doc = {
            "question_id": 70 + doc_id,
            "question": q,
            "options": [f"option {LETTERS[i].lower()}" for i in range(10)],
            "answer": LETTERS[gold],
            "answer_index": gold,
            "cot_content": "",
            "category": cat,
            "src": f"simulated-{cat.replace(' ', '_')}",
        }
        return doc, LETTERS[gold]
    if task.kind == "math":
        ans = str(int(rng.integers(2, 200)))
        doc = {
            "problem": q,
            "solution": f"Simulated solution. The answer is $\\boxed{{{ans}}}$.",
            "answer": ans,
        }
        return doc, ans
    if task.kind == "ifeval":
        k = int(rng.integers(1, 4))
        picks = sorted(rng.choice(len(IFEVAL_INSTR), size=k, replace=False).tolist())
        doc = {
            "key": 1000 + doc_id,
            "prompt": f"Simulated instruction {doc_id}: write about the {_words(rng, 3)}.",
            "instruction_id_list": [IFEVAL_INSTR[i][0] for i in picks],
            "kwargs": [IFEVAL_INSTR[i][1] for i in picks],
        }
        return doc, "0"
    raise ValueError(task.kind)


def context(task: Task, doc: dict) -> str:
    if task.kind == "bbh":
        return f"Q: {doc['input']}\nA:"
    if task.kind == "gpqa":
        opts = "".join(f"\n({LETTERS[i]}) {doc[f'choice{i + 1}']}" for i in range(4))
        return (
            f"What is the correct answer to this question:{doc['Question']}\nChoices:{opts}"
            "\nAnswer: "
        )
    if task.kind == "musr":
        return f"{doc['narrative']}\n\n{doc['question']}\n\nPick one of {doc['choices']}\nAnswer:"
    if task.kind == "mmlu_pro":
        opts = "".join(f"{LETTERS[i]}. {o}\n" for i, o in enumerate(doc["options"]))
        return f"{doc['question']}\n{opts}Answer:"
    if task.kind == "math":
        return f"Problem:\n{doc['problem']}\n\nSolution:"
    return doc["prompt"]


def continuations(task: Task, doc: dict) -> list[str]:
    if task.kind == "gpqa":
        return [" " + c for c in task.choices]  # default target_delimiter " "
    if task.kind == "musr":
        return list(json.loads(doc["choices"].replace("'", '"')))
    return list(task.choices)
