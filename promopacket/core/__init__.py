"""The shared core below every stage: records and their models, problems and their messages,
file helpers (atomic writes, private folders), the one rule-file loader, sentence templates,
text safety and timing. No entry function: every stage imports what it needs from here."""
