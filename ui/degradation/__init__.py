"""The degradation page's components: reading uploads, metric and filter choices, one
candidate's view, several candidates, explanations and downloads."""
