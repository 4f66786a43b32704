"""Writing a Marsad database: safely, in a layout that diffs and merges, one checked edit at a time.

Reading (`tui.data`, `tui.store`) never writes; this package is the only one that
does, and only through TinyDB's API on `storage.SafeStorage`:

* `canonical` -- the one layout every write produces (stable key order, indented,
  a trailing newline), so that `git diff` of an edit shows that edit and two
  analysts' edits to different records merge;
* `storage` -- TinyDB's writes made safe: whole file to a temporary file, fsynced,
  renamed over the old one; a lock between Marsad processes; no write over a file
  that changed on disk since it was read; no new or changed record that would not
  validate (`validation`); the bundled database read-only;
* `operations`, `adding`, `correcting` -- edits as data (add a source, a fact, a
  record...), each with its inverse and a one-line description; `session` keeps
  their undo and redo;
* `numbers` -- the number, unit and qualifier a quote states;
* `merge` -- `marsad merge`, a git merge driver that merges record by record.

Nothing here imports Textual: screens call it, and tests drive it directly.
"""
