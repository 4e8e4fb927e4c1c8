"""The one place where text is made safe for XML 1.0.

XML 1.0 §2.2 allows ``#x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]``. WooCommerce
names and addresses can carry pasted control characters, which Python's serialisers would emit raw and the
gateway would reject as ill-formed (INTACCT-API.md §6). Every text value and attribute goes through
:func:`xml_safe` before it is serialised.
"""

from __future__ import annotations

import re

# C0 controls except TAB, LF, CR; lone surrogates; the two non-characters U+FFFE and U+FFFF.
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(value: str) -> str:
    """``value`` with every character XML 1.0 forbids removed; allowed characters are kept as they are.

    Fast path: a printable string (``str.isprintable``) holds no control character (Cc), no surrogate (Cs)
    and no non-character (Cn: U+FFFE, U+FFFF), so it is returned as is without running the regex; almost
    every value is such a string, and this runs once per element of every request.
    """
    if value.isprintable():
        return value
    return _FORBIDDEN.sub("", value)
