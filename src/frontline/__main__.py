"""``python -m frontline``."""

from .cli import main

main()
