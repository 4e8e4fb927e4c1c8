"""A table that draws only the rows on screen, reading them page by page from a :class:`RowSource`.

Modelled on toolong's ``LogLines``: a ``ScrollView`` whose virtual height is the row count and whose
``render_line`` asks for one row. Rows come in pages of :data:`PAGE` from the source and a few pages are
kept (:data:`KEEP_PAGES`), so opening or scrolling a 100,000-event outbox reads a few hundred rows, never
the table. Line 0 is the column header and stays put while the rows scroll under it.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from console.sources import Row, RowSource, layout

PAGE = 50
KEEP_PAGES = 32
STATE_CLASSES = {"failed": "failed", "retry": "failed", "awaiting_review": "review", "received": "review",
                 "posted": "posted", "skipped": "muted", "quarantined": "failed", "needs action": "needs"}
MARK = 2
"""Columns of the selection mark before each row (``● `` when selected)."""


class OutboxTable(ScrollView, can_focus=True):
    """Rows of one source; the cursor row is the selected event."""

    BINDINGS = [
        Binding("up,k", "cursor(-1)", "Up", show=False, id="table.up", tooltip="Previous row"),
        Binding("down,j", "cursor(1)", "Down", show=False, id="table.down", tooltip="Next row"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="table.page_up", tooltip="One screen up"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="table.page_down", tooltip="One screen down"),
        Binding("home,g", "first", "First", show=False, id="table.first", tooltip="First row"),
        Binding("end,G", "last", "Last", show=False, id="table.last", tooltip="Last row"),
        Binding("space", "toggle_row", "Select", show=False, id="table.toggle", tooltip="Select or unselect the row"),
        Binding("shift+down", "extend(1)", "Select down", show=False, id="table.extend_down",
                tooltip="Select this row and the next (a range)"),
        Binding("shift+up", "extend(-1)", "Select up", show=False, id="table.extend_up",
                tooltip="Select this row and the previous (a range)"),
    ]
    COMPONENT_CLASSES = {"outbox-table--header", "outbox-table--cursor", "outbox-table--failed",
                         "outbox-table--review", "outbox-table--posted", "outbox-table--muted",
                         "outbox-table--needs", "outbox-table--selected"}

    cursor: reactive[int] = reactive(0)

    class SelectionChanged(Message):
        """The multi-selection changed (the footer shows its count and per-currency totals)."""

    class Highlighted(Message):
        """The cursor moved to the row with this key (None: the table is empty)."""

        def __init__(self, key: int | None) -> None:
            super().__init__()
            self.key = key

    def __init__(self, *, id: str | None = None) -> None:  # noqa: A002 (Textual's name)
        super().__init__(id=id)
        self._source: RowSource | None = None
        self._total = 0
        self._pages: OrderedDict[int, list[Row]] = OrderedDict()
        self._styles: dict[tuple[str | None, bool, bool], Style] = {}
        """Line styles by (state class, selected, cursor): ``rich_style`` costs ~0.25 ms, so a frame of 40
        lines would spend 10 ms just asking for it. Forgotten when the styles (theme, CSS) change."""
        self.selection: dict[int, Row] = {}
        """Selected rows by key, in the order selected (space, shift+up/down)."""

    # -- data ---------------------------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return self._total

    def set_source(self, source: RowSource, keep_cursor: bool = False) -> None:
        """Show ``source`` (re-counted now); the cursor goes to the top unless ``keep_cursor``."""
        self._source = source
        if not keep_cursor:
            self.clear_selection()
        self.reload(keep_cursor)

    def reload(self, keep_cursor: bool = True) -> None:
        """Re-count and forget cached pages (after an action changed states)."""
        self._pages.clear()
        self._total = self._source.count() if self._source else 0
        self.virtual_size = Size(self.size.width, self._total + 1)
        self.cursor = min(self.cursor, max(0, self._total - 1)) if keep_cursor else 0
        if not keep_cursor:
            self.scroll_to(y=0, animate=False)
        self.post_message(self.Highlighted(self.selected_key))
        self.refresh()

    def follow(self) -> None:
        """Pick up events that arrived or moved since the last read (the header's periodic tick calls this).

        Re-counts and drops the cached pages, so the window on screen is re-read from SQLite; the cursor stays
        where it is and the selection message is sent only when the selected event changed.
        """
        before = self.selected_key
        self._pages.clear()
        self._total = self._source.count() if self._source else 0
        self.virtual_size = Size(self.size.width, self._total + 1)
        self.cursor = min(self.cursor, max(0, self._total - 1))
        if self.selected_key != before:
            self.post_message(self.Highlighted(self.selected_key))
        self.refresh()

    def row(self, index: int) -> Row | None:
        if self._source is None or not 0 <= index < self._total:
            return None
        number = index // PAGE
        page = self._pages.get(number)
        if page is None:
            page = self._source.rows(number * PAGE, PAGE)
            self._pages[number] = page
            while len(self._pages) > KEEP_PAGES:
                self._pages.popitem(last=False)
        else:
            self._pages.move_to_end(number)
        offset = index - number * PAGE
        return page[offset] if offset < len(page) else None

    @property
    def selected_key(self) -> int | None:
        row = self.row(self.cursor)
        return row.key if row else None

    def visible_keys(self) -> list[int]:
        """Keys of the rows on screen now."""
        top = int(self.scroll_offset.y)
        rows = (self.row(i) for i in range(top, min(self._total, top + max(0, self.size.height - 1))))
        return [r.key for r in rows if r is not None]

    # -- drawing ------------------------------------------------------------------------------------------

    def clear_selection(self) -> None:
        if self.selection:
            self.selection.clear()
            self.post_message(self.SelectionChanged())
            self.refresh()

    def action_toggle_row(self) -> None:
        row = self.row(self.cursor)
        if row is None:
            return
        if row.key in self.selection:
            del self.selection[row.key]
        else:
            self.selection[row.key] = row
        self.post_message(self.SelectionChanged())
        self.refresh()

    def action_extend(self, delta: int) -> None:
        for index in (self.cursor, self.cursor + delta):
            row = self.row(index)
            if row is not None:
                self.selection[row.key] = row
        self._move_to(self.cursor + delta)
        self.post_message(self.SelectionChanged())
        self.refresh()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        columns = layout(width - MARK)
        if y == 0:
            text = " " * MARK + " ".join(title.ljust(w)[:w] for _, title, w in columns)
            return self._strip(text, self.get_component_rich_style("outbox-table--header"), width)
        index = int(self.scroll_offset.y) + y - 1
        row = self.row(index)
        if row is None:
            return Strip.blank(width, self._line_style(None, False, False))
        chosen = row.key in self.selection
        text = ("● " if chosen else "  ") + " ".join(
            _cell(row.cells.get(key, ""), w, key == "amount") for key, _, w in columns)
        return self._strip(text, self._line_style(STATE_CLASSES.get(row.state), chosen, index == self.cursor),
                           width)

    def _line_style(self, kind: str | None, chosen: bool, cursor: bool) -> Style:
        key = (kind, chosen, cursor)
        style = self._styles.get(key)
        if style is None:
            style = self.rich_style
            if kind:
                style = style + self.get_component_rich_style(f"outbox-table--{kind}", partial=True)
            if chosen:
                style = style + self.get_component_rich_style("outbox-table--selected", partial=True)
            if cursor:
                style = style + self.get_component_rich_style("outbox-table--cursor")
            self._styles[key] = style
        return style

    def notify_style_update(self) -> None:
        self._styles.clear()
        super().notify_style_update()

    @staticmethod
    def _strip(text: str, style: Style, width: int) -> Strip:
        return Strip([Segment(text.ljust(width)[:width], style)], width)

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, self._total + 1)

    # -- moving -------------------------------------------------------------------------------------------

    def watch_cursor(self, old: int, new: int) -> None:
        body = max(1, self.size.height - 1)
        top = int(self.scroll_offset.y)
        if new < top:
            self.scroll_to(y=new, animate=False)
        elif new >= top + body:
            self.scroll_to(y=new - body + 1, animate=False)
        self.refresh()
        self.post_message(self.Highlighted(self.selected_key))

    def _move_to(self, index: int) -> None:
        self.cursor = max(0, min(index, self._total - 1))

    def action_cursor(self, delta: int) -> None:
        self._move_to(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move_to(self.cursor + direction * max(1, self.size.height - 2))

    def action_first(self) -> None:
        self._move_to(0)

    def action_last(self) -> None:
        self._move_to(self._total - 1)

    def on_click(self, event: object) -> None:
        y = getattr(event, "y", 0)
        if y >= 1:
            self._move_to(int(self.scroll_offset.y) + y - 1)


def _cell(value: str, width: int, right: bool) -> str:
    text = value if len(value) <= width else value[: max(0, width - 1)] + "…"
    return text.rjust(width) if right else text.ljust(width)
