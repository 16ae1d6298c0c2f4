"""A synthetic wellbeing region modelled on the pilots, loaded through the gateway's public API."""
