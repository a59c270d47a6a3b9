"""`python -m openevent` is the same as the `openevent` command."""

from openevent.cli import main

main(prog_name="openevent")
