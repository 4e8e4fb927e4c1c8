"""``ml-connector reconcile``: prove that Intacct holds, per order and GL account, what the store implies.

:mod:`.compare` is the pure comparison over plain records (the net-effect rule of docs/mapping.md);
:mod:`.reader` reads both systems at the edge (store REST pages, Intacct ``query``/``read``, the outbox);
:mod:`.report` renders and parses the report (text, JSON lines, CSV); :mod:`.acks` keeps acknowledged
differences; :mod:`.task` runs it on a schedule inside ``serve``. See docs/operations.md, "Reconcile".
"""
