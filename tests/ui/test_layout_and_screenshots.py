"""Every page fits a 1366×768 screen, Chinese renders with the bundled font, and a screenshot of every
step page of the sample audit (each tab) is saved in Chinese and English: into $CP_AUDIT_SHOTS when it
is set, so a person can look at them, otherwise into the test's temporary folder."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFontDatabase, QImage, QLinearGradient, QPainter
from PySide6.QtWidgets import QApplication, QTabWidget

from cp_audit import i18n, services
from cp_audit.attachments import add_attachment
from cp_audit.database import open_audit
from cp_audit.models import Enterprise, SiteFinding, TrainingRecord
from cp_audit.models.base import OwnerKind
from cp_audit.phases import STEPS
from cp_audit.resources import resource_path
from tests.ui.conftest import make_context
from ui.app import FONTS, build_workbench, register_fonts

SCREEN = (1366, 768)


def site_photo(path: Path) -> Path:
    """A drawn stand-in for a site photo (a plating tank over a drip tray), so thumbnails show."""
    image = QImage(640, 480, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    gradient = QLinearGradient(0, 0, 0, 480)
    gradient.setColorAt(0, QColor("#90a4ae"))
    gradient.setColorAt(1, QColor("#eceff1"))
    painter.fillRect(image.rect(), gradient)
    painter.fillRect(120, 160, 400, 220, QColor("#455a64"))
    painter.fillRect(140, 180, 360, 60, QColor("#26a69a"))
    painter.fillRect(80, 390, 480, 30, QColor("#8d6e63"))
    painter.end()
    image.save(str(path), "JPG")
    return path


@pytest.fixture
def window(qtbot, tmp_path, sample_path):
    with open_audit(sample_path) as audit:
        photo = site_photo(tmp_path / "SF1 滴液.jpg")
        for kind, table in (
            (OwnerKind.site_finding, SiteFinding),
            (OwnerKind.training, TrainingRecord),
            (OwnerKind.enterprise, Enterprise),
        ):
            owner = services.rows(audit, table)[0].id
            add_attachment(audit, kind, owner, photo.name, photo.read_bytes(), caption=photo.stem)
    window = build_workbench(sample_path, context=make_context(tmp_path))
    qtbot.addWidget(window)
    window.resize(*SCREEN)
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_the_bundled_font_gives_chinese_glyphs(qapp):
    assert register_fonts() == list(FONTS.values())
    assert QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    for name, family in FONTS.items():  # (register_fonts skips a font the system has already)
        font_id = QFontDatabase.addApplicationFont(str(resource_path("fonts", name)))
        assert family in QFontDatabase.applicationFontFamilies(font_id), f"resources/fonts/{name} did not load"


def test_the_window_and_every_page_fit_a_1366_by_768_screen(window):
    assert window.minimumSizeHint().width() <= SCREEN[0] and window.minimumSizeHint().height() <= SCREEN[1]
    workspace = window.workspace
    for step in STEPS:
        page = workspace.show_step(step.number)
        QApplication.processEvents()
        hint, room = page.minimumSizeHint(), workspace.stack.size()
        assert hint.width() <= room.width() and hint.height() <= room.height(), (
            f"page {step.number} needs {hint.width()}×{hint.height()}, "
            f"the window gives {room.width()}×{room.height()}"
        )
        assert window.minimumSizeHint().height() <= SCREEN[1], f"page {step.number} makes the window too tall"


def tabs_of(page) -> list[tuple[QTabWidget | None, int]]:
    """Each tab of the page's outer tab widget (or the page alone when it has none)."""
    outer = [t for t in page.findChildren(QTabWidget) if t.parent() is not None]
    if not outer:
        return [(None, 0)]
    first = outer[0]
    return [(first, i) for i in range(first.count())]


def shots_folder(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("CP_AUDIT_SHOTS") or tmp_path / "shots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def is_blank(image: QImage) -> bool:
    colours = {image.pixel(x, y) for x in range(0, image.width(), 37) for y in range(0, image.height(), 23)}
    return len(colours) < 4


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_screenshots_of_every_step_page(window, tmp_path, language):
    folder = shots_folder(tmp_path)
    window.set_language(language)
    saved = []
    for number in [s.number for s in STEPS]:
        page = window.workspace.show_step(number)
        assert type(page).__module__ != "ui.pages.generic", f"step {number} has only the generic page"
        for tab_widget, tab in tabs_of(page):
            if tab_widget is not None:
                tab_widget.setCurrentIndex(tab)
            QApplication.processEvents()
            image = window.grab().toImage()
            assert not is_blank(image), f"page {number} tab {tab + 1} looks empty"
            path = folder / f"{language}-{number}-{tab + 1}.png"
            assert image.save(str(path))
            saved.append(path)
    assert len(saved) >= len(STEPS)
    assert i18n.current_language() == language


def pseudo_english(text: str, language: str | None = None) -> str:
    """A stand-in for the English catalogue: every Chinese character becomes three Latin letters, about
    as wide as English runs next to Chinese, so layouts are tried with longer words before en.po exists."""
    return "".join("Abc" if "\u4e00" <= ch <= "\u9fff" else ch for ch in text)


def test_pages_still_fit_when_the_words_get_longer(window, monkeypatch, tmp_path):
    monkeypatch.setattr(i18n, "translate", pseudo_english)
    window.set_language("en")
    test_the_window_and_every_page_fit_a_1366_by_768_screen(window)
    window.workspace.show_step("2.4")
    QApplication.processEvents()
    window.grab().save(str(shots_folder(tmp_path) / "pseudo-en-2.4.png"))


def test_english_column_headers_are_not_cut(window):
    """Seen on the English screenshots (1.2, 1.3, 2.1): a column given a width in characters cut its
    header (Department and position, Equipment name). Every table column is at least as wide as its
    header now, up to the widest a column gets (about 36 characters)."""
    from PySide6.QtWidgets import QTableView

    from ui.table_editor import MAX_COLUMN_CHARS

    window.set_language("en")
    cut = []
    for step in STEPS:
        page = window.workspace.show_step(step.number)
        for view in page.findChildren(QTableView):  # the table editors and the tables of figures
            header = view.horizontalHeader()
            limit = view.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
            for column in range(header.count()):
                if (
                    header.isSectionHidden(column)
                    or header.stretchLastSection()
                    and column == header.count() - 1
                ):
                    continue
                if header.sectionSize(column) < min(header.sectionSizeHint(column), limit):
                    cut.append(f"{step.number} {view.model().headerData(column, Qt.Orientation.Horizontal)}")
    assert not cut, cut


@pytest.mark.parametrize("language", ["zh_CN", "en"])
def test_figures_in_tables_are_not_cut(window, language):
    """Seen on the 5.5 screenshots: NPV and IRR showed as “1,258,25…” because the columns were fitted
    before the engine's figures arrived. A number cut short is worse than a long column."""
    from ui.columns import NUMERIC, Kind
    from ui.table_editor import MAX_COLUMN_CHARS, TableEditor

    window.set_language(language)
    cut = []
    for step in STEPS:
        page = window.workspace.show_step(step.number)
        QApplication.processEvents()
        for editor in page.findChildren(TableEditor):
            view, model = editor.view, editor.model
            limit = view.fontMetrics().averageCharWidth() * MAX_COLUMN_CHARS
            for column in range(model.columnCount()):
                spec = model.column_spec(column) if hasattr(model, "column_spec") else None
                numeric = spec is not None and (spec.kind in NUMERIC or spec.kind == Kind.computed)
                if not numeric or view.isColumnHidden(column) or not model.rowCount():
                    continue
                if view.columnWidth(column) < min(view.sizeHintForColumn(column), limit):
                    cut.append(f"{step.number} {model.headerData(column, Qt.Orientation.Horizontal)}")
    assert not cut, cut
