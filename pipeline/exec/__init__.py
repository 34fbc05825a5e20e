"""Execution of the `extract` command: engines (in-process, worker processes,
Ray), resumable output, progress.  `pipeline.extract.extract` is the entry point."""
