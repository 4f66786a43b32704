"""What the screens show of records, as plain data (no widgets): the detail, the evidence
a copy carries, a search hit's snippet, matches in an article."""
