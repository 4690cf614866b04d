"""Carbon accounts (碳账户): entities, activity reports, the MRV workflow, annual accounts."""
