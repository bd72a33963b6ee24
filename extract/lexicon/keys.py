"""The loose matching key shared by the lexicon compiler and the runtime matcher.

It reproduces the `norm` column of the shared lexicons: Greek letters spelled
out (κ -> kappa), accents removed, case-folded, every character outside
[0-9a-z] dropped. "MCF 7", "MCF-7" and "MCF7" all give "mcf7".
"""

from __future__ import annotations

import re
import unicodedata

_GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon",
    "ζ": "zeta", "η": "eta", "θ": "theta", "ι": "iota", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "ν": "nu", "ξ": "xi", "ο": "omicron", "π": "pi",
    "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
    # The micro sign is a different code point from the Greek mu.
    "µ": "mu",
}
_GREEK.update({k.upper(): v for k, v in list(_GREEK.items()) if k.upper() != k})

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def norm_key(text: str) -> str:
    """The loose key of `text` (see the module docstring)."""
    if not text.isascii():
        text = "".join(_GREEK.get(ch, ch) for ch in text)
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return _NON_ALNUM.sub("", text.casefold())
