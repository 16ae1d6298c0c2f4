pytest_plugins = ["tukiverkko_common.testing.plugin"]
