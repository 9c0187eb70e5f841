"""`python -m servanda.cli`: the `servanda` command without its console script."""

from servanda.cli.app import main

main()
