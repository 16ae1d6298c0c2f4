"""Network service: personal network maps, snapshots, analysis and pictures."""
