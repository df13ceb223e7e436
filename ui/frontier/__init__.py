"""The capability-boundary page's components: table loading and column mapping, fit options,
boundary, calculator, over-time and planning views, chart caching."""
