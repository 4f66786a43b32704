"""argparse's own words (`usage:`, `options`, `error:`, its refusals) in the language spoken.

argparse says them through the `gettext` functions it imported (`argparse._` and
`argparse.ngettext`, the standard library's way to translate it); while Marsad's
command line is built and parsed, they are Marsad's (`argparse_speaks`), so that
`marsad --help` and a usage error come in the language chosen, from Marsad's
catalogs. The messages are listed here so that Babel puts them in the catalogs
(their msgids are argparse's, Python 3.11 to 3.13).
"""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator

from tui.i18n.catalogs import N_, _, ngettext

__all__ = ["ARGPARSE_MESSAGES", "argparse_speaks"]

ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("options"),
    N_("optional arguments"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
    N_("unexpected option string: %s"),
    N_("can't open '%(filename)s': %(error)s"),
)


@contextlib.contextmanager
def argparse_speaks() -> Iterator[None]:
    """argparse says its words in the language spoken, inside the block (as it was, after)."""
    said = (getattr(argparse, "_"), getattr(argparse, "ngettext"))  # noqa: B009 (names argparse does not export)
    setattr(argparse, "_", _)  # noqa: B010
    setattr(argparse, "ngettext", ngettext)  # noqa: B010
    try:
        yield
    finally:
        setattr(argparse, "_", said[0])  # noqa: B010
        setattr(argparse, "ngettext", said[1])  # noqa: B010
