"""The plan editor: a form per topic, fields bound to plan paths, and the edits that change
a plan's shape (people, accounts, rows)."""
