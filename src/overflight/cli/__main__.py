"""``python -m overflight.cli``."""

from overflight.cli import main

main()
