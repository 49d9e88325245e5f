"""Row ids in URLs and forms, as the desk's and the API's routes read them.

The store's ids are ``INTEGER`` (32 bits on PostgreSQL): a larger number must never reach a
query, where it overflows (a 500). ``{id:rowid}`` matches at most as many digits as
``MAX_ROW_ID`` has (a longer number matches no route: 404) and reads a number of that length
beyond ``MAX_ROW_ID`` as 0, an id no row has, so the view answers "no such ..." (404) as for
any missing row.
"""

from __future__ import annotations

from starlette.convertors import Convertor, register_url_convertor

MAX_ROW_ID = 2**31 - 1
ID_DIGITS = len(str(MAX_ROW_ID))


def row_id(raw: str) -> int | None:
    """The id ``raw`` names (ASCII digits, at most ``MAX_ROW_ID``), or None."""
    if not raw.isascii() or not raw.isdigit() or len(raw) > ID_DIGITS:
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ROW_ID else None


class RowIdConvertor(Convertor[int]):
    regex = f"[0-9]{{1,{ID_DIGITS}}}"

    def convert(self, value: str) -> int:
        return row_id(value) or 0

    def to_string(self, value: int) -> str:
        return str(int(value))


register_url_convertor("rowid", RowIdConvertor())
