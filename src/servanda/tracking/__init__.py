"""Following commitments to delivery: assessments, evidence, continuity, deadlines, mechanisms, agreements."""
