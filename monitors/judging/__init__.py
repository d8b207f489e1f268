"""The judging code: pure functions from (commitment, its updates, an as-of date) to a verdict.

`rule` holds the rule every family shares; each other module is one family of checks, named
after the `monitor:` a framework file gives it; `assess` dispatches and adds the flags common
to all. Nothing here reads a database, a clock or a file.
"""
