"""Characters PDFs use for ordinary letters come out as those letters."""

from litclaims.ingest.blocks import Counts
from litclaims.ingest.normalize import normalize_line


def test_math_italic_greek_becomes_the_plain_letter():
    assert normalize_line("ER\U0001D6FC +ve breast cancer and PKC\U0001D6FC", Counts()) == "ERα +ve breast cancer and PKCα"


def test_math_bold_latin_becomes_plain_latin():
    assert normalize_line("\U0001D400\U0001D401\U0001D402 cells", Counts()) == "ABC cells"
