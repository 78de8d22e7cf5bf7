"""The config's colour check agrees with the Textual parser that paints the header, without loading it."""

from __future__ import annotations

import pytest
from textual.color import COLOR_NAME_TO_RGB, Color, ColorParseError

from tui.config.colours import is_colour

SAMPLES = [
    "#aa0000",
    "#abc",
    "#abcd",
    "#aabbccdd",
    "#aabbc",
    "#ggg",
    "rgb(1,2,3)",
    "rgba(1, 2, 3, 0.5)",
    "rgb(1,2)",
    "hsl(10,50%,50%)",
    "hsla(10,50%,50%,1)",
    "hsl(10,50,50)",
    "ansi_default",
    "ansi_purple",
    "blurple",
    "Red",
    " red",
    "",
    "red;",
    "transparent",
]


def textual_accepts(text: str) -> bool:
    try:
        Color.parse(text)
    except ColorParseError:
        return False
    return True


@pytest.mark.parametrize("text", SAMPLES + sorted(COLOR_NAME_TO_RGB))
def test_config_accepts_exactly_the_colours_the_header_can_paint(text: str) -> None:
    assert is_colour(text) == textual_accepts(text)
