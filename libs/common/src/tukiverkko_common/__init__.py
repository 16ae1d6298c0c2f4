"""Infrastructure shared by every Tukiverkko deployable.

Holds settings, persistence, the event envelope, the transactional outbox and the
inbox consumer, observability and test helpers, plus the published event contracts.
Also what every service's API and tables share instead of copying it: paging (cursor),
fields (instants, text rules, input base), actors, deps (settings), columns, table naming
and the messaging tables' migration helper. No domain rules live here.
"""
