"""A table model reads its rows' records only when they are first shown (ui.lazy_rows), so a page over a
table of 100,000 rows opens without making 100,000 records; edits and lookups by id still reach any row."""

from __future__ import annotations

from sqlalchemy import insert

from cp_audit import services
from cp_audit.models import TrainingRecord
from ui.lazy_rows import LazyRows
from ui.tables.preparation import TrainingTableModel

ROWS = 3000


def _many_rows(context) -> None:
    with context.audit.unit_of_work() as session:
        session.connection().execute(
            insert(TrainingRecord.__table__),
            [{"code": f"P{i}", "topic_zh": f"课程{i}", "position": ROWS - i} for i in range(ROWS)],
        )


def test_opening_reads_no_record_and_showing_a_row_reads_its_batch(context):
    _many_rows(context)
    model = TrainingTableModel(context)
    rows = model._rows
    assert isinstance(rows, LazyRows)
    assert (model.total_rows(), rows.loaded()) == (ROWS, 0)
    # ordered by position, as services.rows orders them: position ROWS - i, so P2999 first
    topic = TrainingTableModel.Column.topic.index
    assert model.index(0, topic).data() == "课程2999"
    assert rows.loaded() == model.batch_size
    assert model.row_of_id(services.rows(context.audit, TrainingRecord)[-1].id) == ROWS - 1
    assert rows.loaded() == model.batch_size  # finding a row by id reads no record


def test_an_edit_far_down_reaches_the_file_and_the_model(context):
    _many_rows(context)
    model = TrainingTableModel(context)
    model.fetch_all()
    column = TrainingTableModel.Column.participants.index
    assert model.setData(model.index(ROWS - 2, column), "42")
    assert model.index(ROWS - 2, column).data() == "42"
    assert services.rows(context.audit, TrainingRecord)[ROWS - 2].participants == 42
    assert model._rows.loaded() <= model.batch_size  # only the batch that holds the edited row
