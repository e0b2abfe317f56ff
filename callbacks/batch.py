"""Batch scoring: an uploaded CSV -> summary and preview (or a clear error), and the scored CSV to download."""
from __future__ import annotations

import base64
import binascii
from pathlib import PurePath

from dash import Input, Output, State, dcc, no_update

from components import ids
from components.batch import error_message, preview_table, summary
from model.batch import score_csv
from model.data import DataError
from model.loader import LoadedModel
from model.predict import WineInputError


def decode_upload(contents: str, filename: str) -> bytes:
    """The bytes of a dcc.Upload data URL ('data:<type>;base64,<payload>')."""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error):
        raise DataError(f"{filename}: the upload arrived damaged; please try again") from None


def batch_outputs(model: LoadedModel, contents: str | None, filename: str | None, color: str):
    """Status message, preview and whether the download button is disabled."""
    if not contents:
        return None, None, True
    try:
        frame = score_csv(model, decode_upload(contents, filename), filename or "upload", color)
    except (DataError, WineInputError) as exc:
        return error_message(str(exc)), None, True
    return summary(frame, filename or "upload"), preview_table(frame), False


def scored_download(model: LoadedModel, contents: str | None, filename: str | None, color: str):
    """The scored CSV for dcc.Download, named after the upload (nothing before a file is uploaded, or for a file
    that cannot be scored: its message is already on the page)."""
    if not contents:
        return no_update
    name = filename or "wines.csv"
    try:
        frame = score_csv(model, decode_upload(contents, name), name, color)
    except (DataError, WineInputError):
        return no_update
    return dcc.send_string(frame.to_csv(index=False), f"{PurePath(name).stem}-scored.csv", type="text/csv")


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.BATCH_STATUS, "children"),
        Output(ids.BATCH_RESULTS, "children"),
        Output(ids.BATCH_DOWNLOAD_BUTTON, "disabled"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD_COLOR, "value"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def score_upload(contents, color, filename):
        return batch_outputs(model, contents, filename, color)

    @app.callback(
        Output(ids.BATCH_DOWNLOAD, "data"),
        Input(ids.BATCH_DOWNLOAD_BUTTON, "n_clicks"),
        State(ids.UPLOAD, "contents"),
        State(ids.UPLOAD, "filename"),
        State(ids.UPLOAD_COLOR, "value"),
        prevent_initial_call=True,
    )
    def download(n_clicks, contents, filename, color):
        return scored_download(model, contents, filename, color)
