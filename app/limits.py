"""Every limit of answering and serving in one place: question length, concurrency, queue, upload sizes."""

from __future__ import annotations

import os

MAX_QUESTION_CHARS = 300  # the web refuses longer questions; the engine reads only this many (said so)
ENGINE_SLOTS = 2  # answers computed at once (one per core on the 2-core machine)
QUEUE_SIZE = 64  # questions waiting in the web app's queue before it answers "busy"
QUEUE = {"default_concurrency_limit": ENGINE_SLOTS, "max_size": QUEUE_SIZE}
# Torch threads for encoding one query: 1 keeps a query at ~15-40 ms on a busy 2-core machine, where 2 threads
# contending with another process took ~1 s (bench/qa.py); the web app answers two questions at once anyway.
QUERY_THREADS = int(os.environ.get("GOVQA_QUERY_THREADS", "1"))
MAX_UPLOAD_MB = 20  # one uploaded report file
MAX_UPLOAD_FILES = 20  # files taken from one upload
