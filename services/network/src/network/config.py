"""Settings of the network service (environment prefix NETWORK_)."""

from pydantic_settings import SettingsConfigDict

from tukiverkko_common.settings import ServiceSettings


class NetworkSettings(ServiceSettings):
    """ServiceSettings plus the network service's own knobs."""

    model_config = SettingsConfigDict(env_prefix="NETWORK_", extra="ignore", populate_by_name=True)

    service_name: str = "network"
    max_alters_per_map: int = 200
    """A personal map is a person's network, not a register: beyond this, refuse."""
    exact_betweenness_max_ties: int = 12_000
    """Above this many ties a district's large blocks' betweenness is estimated from samples.

    Exact betweenness costs O(nodes × ties) within the district's largest block: 0.3 s of CPU at
    10k ties, 1.3 s at 20k, 36 s at 100k on the shared two-core machine (bench/network_analysis.py
    states the estimate's error)."""
    betweenness_samples: int = 1_024
    """How many source nodes the estimate draws in each large block (Brandes and Pich's pivots)."""
    betweenness_seed: int = 7
    """Seed of the sampling, so one district's answer is the same from call to call."""
    key_persons: int = 10
    """How many nodes each centrality ranking lists."""
    max_district_ties: int = 250_000
    """A district analysis refuses larger graphs instead of exhausting the process."""
    sociogram_max_nodes: int = 1_500
    """A sociogram shows at most this many nodes (the most connected); more cannot be read."""
    render_concurrency: int = 2
    """Pictures and district analyses at once per process (they cost the server, not the caller)."""
