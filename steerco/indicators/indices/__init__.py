"""Composite indices: methods as data, scores, ranks, published results, explanations."""
