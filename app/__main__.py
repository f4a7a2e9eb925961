"""`python -m app` runs the app command line."""

from app.cli import main

raise SystemExit(main())
