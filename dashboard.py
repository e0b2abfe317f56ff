"""The app factory: load the verified model once, then build the Dash app, its callbacks and the JSON API.

    gunicorn dashboard:server       # production (see Procfile and gunicorn.conf.py)
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import dash

from api.auth import GateConfigError, credentials_from, protect
from model.loader import MODEL_DIR, ArtifactError, LoadedModel, load_model

ASSETS_DIR = Path(__file__).resolve().parent / "assets"


def _env_flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


def create_app(config: dict | None = None, model: LoadedModel | None = None) -> dash.Dash:
    """Build the app. `config` overrides Flask settings (tests pass TESTING, MODEL_DIR, ...).

    The model directory is config MODEL_DIR, else env WINE_MODEL_DIR, else the shipped model/.
    DASHBOARD_PASSWORD (and DASHBOARD_USER), from config else the environment, put every route but the health
    check behind HTTP Basic credentials (api/auth.py); with no password the app is open.
    """
    config = dict(config or {})
    credentials = credentials_from(config)  # a bad setting stops the app before the model is even loaded
    for name in ("DASHBOARD_PASSWORD", "DASHBOARD_USER"):
        config.pop(name, None)  # kept out of Flask's config
    if model is None:
        model = load_model(Path(config.get("MODEL_DIR") or os.environ.get("WINE_MODEL_DIR") or MODEL_DIR))
    # imported here so that importing this module never builds components before the model is verified
    from api import register_api
    from api.callback_bodies import no_update_on_error, register_body_check
    from callbacks import register_all
    from components.layout import build_layout
    from components.scripts import in_own_tasks, with_chunks, without_polyfill
    from components.skeleton import index_string
    from components.static import shell

    app = dash.Dash(
        __name__,
        title="Wine Quality Designer",
        assets_folder=str(ASSETS_DIR),
        update_title=None,
        suppress_callback_exceptions=False,
        on_error=no_update_on_error,
    )
    app.index_string = index_string()  # a skeleton in the page's colours from the first byte
    dash_index = app.interpolate_index
    app.interpolate_index = lambda **parts: dash_index(
        **(parts | in_own_tasks(with_chunks(without_polyfill(parts["scripts"])), parts["renderer"])))
    app.server.config.update(config)
    protect(app, credentials)  # first of the server's before_request hooks
    # Flask would read FLASK_DEBUG; debug is on only through DASH_DEBUG (or a test's config)
    app.server.debug = bool(config.get("DEBUG", _env_flag("DASH_DEBUG")))
    app.layout = shell(build_layout(model))  # plain html as few components (components/static.py)
    register_all(app, model)
    register_api(app.server, model)
    register_body_check(app)  # malformed /_dash-update-component bodies get a 400 before any callback runs
    return app


def _app_or_exit() -> dash.Dash:
    try:
        return create_app()
    except (ArtifactError, GateConfigError) as exc:
        # one clear line and a non-zero exit: never serve an unverified model, nor a private one unprotected
        sys.exit(f"Wine Quality Designer cannot start: {exc}")


app = _app_or_exit()
server = app.server

if __name__ == "__main__":
    # development server only; production runs gunicorn (Procfile). Debug and every dev tool are opt-in
    # through DASH_DEBUG alone (Dash would otherwise also read DASH_HOT_RELOAD, DASH_UI, ...).
    debug = _env_flag("DASH_DEBUG")
    dev_tools = ("ui", "props_check", "serve_dev_bundles", "hot_reload", "validate_callbacks")
    app.run(
        host="127.0.0.1",
        port=int(os.environ.get("PORT", "8050")),
        debug=debug,
        **{f"dev_tools_{name}": debug for name in dev_tools},
    )
