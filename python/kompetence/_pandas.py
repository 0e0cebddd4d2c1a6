"""pandas is optional (``pip install kompetence[pandas]``): imported only inside ``to_pandas()``."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping


def require() -> Any:
    """The pandas module, or an ImportError that says how to get it."""
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - exercised only without pandas
        raise ImportError(
            "to_pandas() needs pandas, which kompetence does not install by default; "
            "install it with `pip install kompetence[pandas]` (or `pip install pandas`)"
        ) from e
    return pandas


def frame(columns: Mapping[str, List[Any]], dtypes: Mapping[str, str]) -> Any:
    """A DataFrame with exactly these columns, in this order, with these dtypes even when empty.

    ``"str"`` is pandas' own string dtype for the installed version (object in pandas 2,
    ``str`` in pandas 3); ``"date"`` holds ``datetime.date`` values or ISO ``YYYY-MM-DD`` text
    and becomes datetime64[ns].
    """
    pd = require()
    data: Dict[str, Any] = {}
    for name, dtype in dtypes.items():
        values = columns.get(name, [])
        if dtype == "date":
            text = [v if isinstance(v, str) else v.isoformat() for v in values]
            data[name] = pd.Series(pd.to_datetime(text, format="%Y-%m-%d"), dtype="datetime64[ns]")
        elif dtype == "str":
            data[name] = pd.Series(values, dtype=str)
        else:
            data[name] = pd.Series(values, dtype=dtype)
    return pd.DataFrame(data, columns=list(dtypes))
