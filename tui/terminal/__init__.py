"""The terminal Marsad runs in: which one it is, the escapes it needs, the clipboard,
`marsad doctor`, and the gate for what the `marsad` command prints."""
