from cairn.cli import main

raise SystemExit(main())
