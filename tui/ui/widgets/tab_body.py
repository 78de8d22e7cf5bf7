"""A detail tab's body: a Static that keeps what it drew while another tab is shown."""

from __future__ import annotations

from typing import Self

from textual.geometry import Region
from textual.widgets import Static


class TabBody(Static):
    """Shown and hidden with its tab. Textual repaints a widget whose `display` changes; showing
    a tab again would render its content afresh (the Raw tab's highlighted JSON: most of a
    switch). Its content and size are unchanged by being hidden, so showing it again keeps the
    lines it drew; `update`, a resize or a restyle still repaint it as usual."""

    _showing_only = False

    def show(self, shown: bool) -> None:
        self._showing_only = True
        try:
            self.display = shown
        finally:
            self._showing_only = False

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._showing_only:
            repaint = False
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)
