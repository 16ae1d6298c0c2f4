"""OpenAPI documentation shared by the routes: the problem responses (the library's)."""

from tukiverkko_common.problems import PROBLEM_SCHEMA
from tukiverkko_common.problems import problem_responses as problems

__all__ = ["PROBLEM_SCHEMA", "problems"]
