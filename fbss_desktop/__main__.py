"""`python -m fbss_desktop`: the same entry point as the installed `fbss-desktop` command."""

from fbss_desktop.app import main

raise SystemExit(main())
