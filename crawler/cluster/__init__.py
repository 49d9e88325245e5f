"""Many machines: N crawl processes share the work and one PostgreSQL store.

The work is handed out by procrastinate, a PostgreSQL task queue kept in the store's own
database and schema (no other server): ``csowatch crawl --enqueue`` (cron, any one machine)
plans one job per outlet, or per outlet and date window for a backfill; ``csowatch worker``
(any number, on any machine) takes jobs one at a time and runs each as the ordinary
``csowatch crawl --outlet X --job N`` in a child process (Scrapy's reactor starts once per
process), which dies with its worker (``PR_SET_PDEATHSIG``).

- ``queue.py``: the queue (connection, the job's shape, its locks, the retry rules);
- ``schema.py``: procrastinate's tables, applied (and upgraded) in the store's schema;
- ``plan.py``: the scheduler (``csowatch crawl --enqueue``) and what ``csowatch queue`` shows;
- ``worker.py``: the worker (``csowatch worker``).

Why it holds: a job's procrastinate ``lock`` is its outlet's host, so two jobs of one domain
never run at once, and the job's child takes the host's advisory lock too
(``crawler/lock.py:job_lock``): Scrapy's per-domain politeness in that one process is the
domain's whole rate. A job's ``queueing_lock`` keeps a second copy of it out of the queue.
A worker sends heartbeats; one that stops (``kill -9``, a dead machine, a lost database)
leaves its job ``doing``, and any other worker or the next ``--enqueue`` puts it back once
the heartbeat is ``stalled_after`` seconds old. The rerun starts with what the dead crawl
left in the store's frontier, and the store's unique canonical URL stops duplicates.

Nothing here runs unless ``[cluster] enabled = true``: without it ``csowatch crawl`` is the
one-machine crawl it always was.
"""
