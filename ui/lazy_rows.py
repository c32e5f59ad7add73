"""LazyRows: the rows of a table model read when first shown. Opening a table reads only the ids (one
query, no records); the records are read a batch at a time when the view first asks for one of them, so a
table of 100,000 rows opens in the time of the rows on screen and holds only the rows seen."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlmodel import SQLModel

from cp_audit import services


class LazyRows(Sequence):
    """A sequence of the records of `ids` (in that order); supports reading and replacing an item."""

    def __init__(self, audit, table: type[SQLModel], ids: list[int], batch: int = 256):
        self.audit, self.table, self.ids, self.batch = audit, table, ids, batch
        self._records: dict[int, SQLModel] = {}  # position -> record, for the batches read so far

    def __len__(self) -> int:
        return len(self.ids)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self.ids)))]
        if index < 0:
            index += len(self.ids)
        if not 0 <= index < len(self.ids):
            raise IndexError(index)
        record = self._records.get(index)
        if record is None:
            record = self._read_batch(index)
        return record

    def __setitem__(self, index: int, record: SQLModel) -> None:
        self._records[index] = record

    def loaded(self) -> int:
        """How many records have been read (for tests and the benchmarks)."""
        return len(self._records)

    def _read_batch(self, index: int) -> SQLModel:
        first = index - index % self.batch
        chunk = self.ids[first : first + self.batch]
        found = services.rows_with_ids(self.audit, self.table, chunk)
        for offset, row_id in enumerate(chunk):
            # a row deleted since the ids were read: the model reloads on that change; until then, a blank
            self._records.setdefault(first + offset, found.get(row_id) or self.table(id=row_id))
        return self._records[index]


def ids_of(rows: Sequence) -> list[int]:
    """The ids of a model's rows without reading records that are not read yet."""
    return list(rows.ids) if isinstance(rows, LazyRows) else [r.id for r in rows]
