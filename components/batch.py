"""The batch-scoring panel: CSV upload, a preview of the scored wines, and the download button."""
from __future__ import annotations

import math

import pandas as pd
from dash import dcc, html

from components import ids
from components.card import card
from components.controls import COLOR_OPTIONS
from components.figures import percent_labels
from model.schema import CLASSES, COLOR

PREVIEW_ROWS = 8


def _size(n_bytes: int) -> str:
    """'1 MB', '1.11 MB', '640 kB': at most two decimals, rounded up so a file over a limit never reads as equal."""
    if n_bytes >= 1_000_000:
        return f"{math.ceil(n_bytes / 10_000) / 100:g} MB"
    return f"{math.ceil(n_bytes / 10) / 100:g} kB"


def batch_panel(max_bytes: int, max_rows: int) -> html.Section:
    """The card, empty until a file is uploaded."""
    lead = [
        "A CSV with the 11 measurement columns, UCI-style (", html.Code(";"), " or ", html.Code(","),
        " separated); optional ", html.Code("color"), " and ", html.Code("quality"), " columns. ",
        html.B(f"Up to {_size(max_bytes)}, {max_rows:,} wines."),
    ]
    return card(
        "batch", "Score a file of wines", ids.BATCH_TITLE, lead=lead,
        children=[
            html.Div(
                className="control-row",
                role="group",
                **{"aria-labelledby": ids.label(ids.UPLOAD_COLOR)},
                children=[
                    html.Span("Wines without a colour are", id=ids.label(ids.UPLOAD_COLOR), className="control-label"),
                    dcc.RadioItems(id=ids.UPLOAD_COLOR, options=COLOR_OPTIONS, value="white", inline=True,
                                   className="segmented"),
                ],
            ),
            # the browser refuses a file over the limit before sending it; assets/batch.js reports it
            html.Div(
                **{"data-max-bytes": str(max_bytes), "data-rejected-store": ids.UPLOAD_REJECTED,
                   "data-upload-label": "Choose a CSV file of wines to score"},  # assets/a11y.js names the input
                children=dcc.Upload(
                    id=ids.UPLOAD,
                    className="upload",
                    className_active="upload upload-active",
                    accept=".csv,text/csv,text/plain",
                    multiple=False,
                    max_size=max_bytes,
                    children=html.Div(["Drop a CSV file here or ", html.Span("choose a file", className="link")]),
                ),
            ),
            dcc.Store(id=ids.UPLOAD_REJECTED),
            dcc.Store(id=ids.BATCH_SCORED),
            html.Div(id=ids.BATCH_STATUS, className="batch-status", **{"aria-live": "polite"}),
            html.Div(id=ids.BATCH_RESULTS, className="batch-results"),
            html.Button("Download scored CSV", id=ids.BATCH_DOWNLOAD_BUTTON, className="btn", n_clicks=0, disabled=True),
            dcc.Download(id=ids.BATCH_DOWNLOAD),
        ],
    )


def too_large_message(filename: str, n_bytes: int, max_bytes: int) -> html.Div:
    """What the page says when the browser refused a file over the size limit."""
    return error_message(f"{filename} is {_size(n_bytes)}, over the {_size(max_bytes)} limit; split it into smaller files.")


def error_message(text: str) -> html.Div:
    return html.Div([html.B("This file cannot be scored. "), text], className="alert alert-error", role="alert")


def summary(frame: pd.DataFrame, filename: str) -> html.Div:
    """One sentence: how many wines, how many in each predicted bucket, agreement with tasters if known."""
    counts = frame["predicted bucket"].value_counts()
    parts = ", ".join(f"{counts.get(c, 0):,} {c}" for c in CLASSES)
    text = [f"Scored {len(frame):,} wine{'s' if len(frame) != 1 else ''} from {filename}: predicted {parts}."]
    if "true bucket" in frame.columns:
        agree = (frame["true bucket"] == frame["predicted bucket"]).mean()
        text.append(f" The model agrees with the tasters on {agree:.0%}.")
    assumed = sum(frame.attrs.get("assumed_color", []))
    if assumed:
        color = frame[COLOR][list(frame.attrs["assumed_color"])].iloc[0]
        which = ("The file gives no colour" if assumed == len(frame)
                 else f"{assumed:,} wine{' has' if assumed == 1 else 's have'} no colour")
        text += [" ", html.B(f"{which}: scored as {color}"), " (change it above if they are not)."]
    return html.Div(text, className="alert alert-ok", role="status")


def _cell(value) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


PROBABILITIES = [f"p({c})" for c in CLASSES]


def preview_columns(frame: pd.DataFrame) -> list[str]:
    """The predictions first (bucket, then the three probabilities), then what the file gave."""
    first = ["predicted bucket"] + PROBABILITIES + [c for c in ("true bucket",) if c in frame.columns]
    return first + [c for c in frame.columns if c not in first]


def _row_cells(record: dict, assumed: bool) -> list:
    labels = dict(zip(PROBABILITIES, percent_labels([record[p] for p in PROBABILITIES])))
    cells = []
    for column, value in record.items():
        if column in labels:
            value = labels[column]
        elif column == COLOR and assumed:
            value = f"{value} (assumed)"
        cells.append(html.Td(_cell(value)))
    return cells


def preview_table(frame: pd.DataFrame, rows: int = PREVIEW_ROWS) -> html.Div:
    """The first `rows` scored wines, predictions first, numbered as the file's rows are (the header is row 1, as in
    the error messages); the download has them all."""
    columns = preview_columns(frame)
    head = frame.head(rows)[columns]
    assumed = frame.attrs.get("assumed_color", [False] * len(frame))
    titles = {"predicted bucket": "predicted"} | {p: p[2:-1] + " %" for p in PROBABILITIES}
    table = html.Table(
        className="scores preview",
        children=[
            html.Thead(html.Tr([html.Th("row", scope="col", title="The row in the file; the header is row 1")]
                               + [html.Th(titles.get(c, c), scope="col") for c in columns])),
            html.Tbody([
                html.Tr([html.Td(i + 2)] + _row_cells(record, assumed[i]))
                for i, record in enumerate(head.to_dict(orient="records"))
            ]),
        ],
    )
    note = f"First {len(head)} of {len(frame):,} rows; download the CSV for all." if len(frame) > rows else ""
    return html.Div([html.Div(table, className="table-scroll", tabIndex=0), html.P(note, className="hint")])
