"""Resources service: the district resource file, consent-gated cards, districts, HSDS and PTV."""
