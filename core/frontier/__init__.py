"""Capability boundaries: sigmoid quantile regression of benchmark score on log compute.

Method: Zhang, Jin, Kakade, Syrgkanis, *Prescriptive Scaling Reveals the Evolution of
Language Model Capabilities* (arXiv 2602.15327); see ``docs/frontier-method.md``.

Modules (one statistical idea each)
-----------------------------------
loss          smoothed pinball loss, sigmoid curve, objective and gradient
sigmoid_fit   the fast fit (``fit_frontier`` -> ``FrontierFit``)
"""
