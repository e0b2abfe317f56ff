"""Batch scoring: an uploaded CSV -> summary, preview and the scored file (or a clear error); the browser downloads it."""
from __future__ import annotations

import base64
import binascii
from pathlib import PurePath

import pandas as pd
from dash import ClientsideFunction, Input, Output, State, ctx, dcc

from components import ids
from components.batch import error_message, preview_table, summary, too_large_message
from model.batch import MAX_UPLOAD_BYTES, score_csv
from model.data import DataError
from model.loader import LoadedModel


def decode_upload(contents: str, filename: str) -> bytes:
    """The bytes of a dcc.Upload data URL ('data:<type>;base64,<payload>')."""
    try:
        return base64.b64decode(contents.split(",", 1)[1], validate=True)
    except (IndexError, binascii.Error):
        raise DataError(f"{filename}: the upload arrived damaged; please try again") from None


def scored_file(frame: pd.DataFrame, filename: str) -> dict:
    """The scored wines as dcc.Download data, named after the upload."""
    return dcc.send_string(frame.to_csv(index=False), f"{PurePath(filename).stem}-scored.csv", type="text/csv")


def batch_outputs(model: LoadedModel, contents: str | None, filename: str | None, color: str):
    """Status message, preview, the scored file for the download button (scored once, here), and whether the
    button is disabled."""
    if not contents:
        return None, None, None, True
    name = filename or "wines.csv"
    try:
        frame = score_csv(model, decode_upload(contents, name), name, color)
    except DataError as exc:
        return error_message(str(exc)), None, None, True
    return summary(frame, name), preview_table(frame), scored_file(frame, name), False


def rejected_outputs(rejected: dict):
    """The same outputs for a file the browser refused to send: over the size limit."""
    return too_large_message(str(rejected["filename"]), int(rejected["bytes"]), MAX_UPLOAD_BYTES), None, None, True


def register(app, model: LoadedModel) -> None:
    @app.callback(
        Output(ids.BATCH_STATUS, "children"),
        Output(ids.BATCH_RESULTS, "children"),
        Output(ids.BATCH_SCORED, "data"),
        Output(ids.BATCH_DOWNLOAD_BUTTON, "disabled"),
        Input(ids.UPLOAD, "contents"),
        Input(ids.UPLOAD_COLOR, "value"),
        Input(ids.UPLOAD_REJECTED, "data"),
        State(ids.UPLOAD, "filename"),
        prevent_initial_call=True,
    )
    def score_upload(contents, color, rejected, filename):
        if ctx.triggered_id == ids.UPLOAD_REJECTED and rejected:
            return rejected_outputs(rejected)
        return batch_outputs(model, contents, filename, color)

    # the file is already scored: the browser hands it to dcc.Download without asking the server again
    app.clientside_callback(
        ClientsideFunction("batch", "download"),
        Output(ids.BATCH_DOWNLOAD, "data"),
        Input(ids.BATCH_DOWNLOAD_BUTTON, "n_clicks"),
        State(ids.BATCH_SCORED, "data"),
        prevent_initial_call=True,
    )
