import gc

gc.disable()  # start-up makes only long-lived objects; fieldkit.cli.main says when to resume

from fieldkit.cli import main  # noqa: E402

raise SystemExit(main())
