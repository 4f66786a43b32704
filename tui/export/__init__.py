"""Taking records away: a list, the facts table, one record or the whole database, as
CSV, JSON, Markdown or FollowTheMoney.

`scope` says what is exported (records or fact rows, in the order the user sees
them), `formats` names each format and its writer, `files` writes a file
atomically and never over an existing one unless told. Every writer streams:
it holds one record (and the ids it has already written) at a time, so the
whole of a large database goes out in bounded memory. Text is written logical,
as stored: never shaped or reordered.
"""
