"""Indicators (chỉ tiêu): the catalogue, values per unit and period, targets and trajectories."""
