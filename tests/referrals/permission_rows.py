from tests.permissions import Row  # noqa: F401 - rows are added as member pages land

ROWS: list[Row] = []
