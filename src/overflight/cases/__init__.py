"""Cases of concern: lifecycle, flight status from messages, engagements, deadlines, outcomes."""
