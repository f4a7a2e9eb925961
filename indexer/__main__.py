"""`python -m indexer` runs the indexer command line."""

from indexer.cli import main

raise SystemExit(main())
