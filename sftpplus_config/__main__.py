"""``python -m sftpplus_config`` runs the command line."""

from .cli.main import main

raise SystemExit(main())
