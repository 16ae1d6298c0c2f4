"""Infrastructure shared by every Tukiverkko deployable.

Holds settings, persistence, the event envelope, the transactional outbox and the
inbox consumer, observability and test helpers, plus the published event contracts.
No domain rules live here.
"""
