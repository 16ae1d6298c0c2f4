"""`--small` / `--full`: one switch for every script's sizes."""

import argparse
from typing import Any


def mode_arguments(parser: argparse.ArgumentParser) -> None:
    """Add `--small` and `--full` (the default): which sizes the unset options take."""
    group = parser.add_mutually_exclusive_group()
    group.add_argument(
        "--small",
        dest="mode",
        action="store_const",
        const="small",
        help="small sizes: every benchmark together in a few minutes on two cores",
    )
    group.add_argument(
        "--full", dest="mode", action="store_const", const="full", help="the issues' sizes"
    )
    parser.set_defaults(mode="full")


def apply_mode(args: argparse.Namespace, small: dict[str, Any], full: dict[str, Any]) -> None:
    """Fill each option left unset (None) from the sizes of the chosen mode."""
    sizes = small if args.mode == "small" else full
    for key, value in sizes.items():
        if getattr(args, key, None) is None:
            setattr(args, key, value)


def parse(
    parser: argparse.ArgumentParser, small: dict[str, Any], full: dict[str, Any]
) -> argparse.Namespace:
    """Parse the command line with the mode switch; options left unset take the mode's sizes."""
    mode_arguments(parser)
    args = parser.parse_args()
    apply_mode(args, small, full)
    return args
