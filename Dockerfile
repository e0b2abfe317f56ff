# The dashboard as one container image: the Procfile's gunicorn process on $PORT (default 8080).
#   make image                      builds it here with podman on a local Debian base (README, "Container image")
#   docker build -t wine-quality .  anywhere else, on python:3.11-slim
# Both bases are Python 3.11 (.python-version): python3 is on PATH in each (/usr/local/bin or /usr/bin).
ARG BASE=python:3.11-slim

# ---- build: a virtual environment with requirements.txt, nothing else
FROM ${BASE} AS build
ENV PIP_NO_CACHE_DIR=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY requirements.txt /tmp/requirements.txt
# no bytecode yet (the runtime stage compiles what the server imports), no pip or setuptools, no test suites
RUN python3 -m venv /opt/venv \
 && /opt/venv/bin/pip install -q --no-compile -r /tmp/requirements.txt \
 && /opt/venv/bin/pip uninstall -q -y pip setuptools \
 && find /opt/venv -depth \( -name __pycache__ -o -type d -name tests \) -exec rm -rf {} +

# ---- runtime: the environment, the app and the model artifact
FROM ${BASE}
ARG VERSION=0.1.0
ARG MODEL_SHA256=""
LABEL org.opencontainers.image.title="Wine Quality Designer" \
      org.opencontainers.image.description="Dash dashboard over a pretrained gradient-boosting model of wine quality" \
      org.opencontainers.image.version="${VERSION}" \
      wine-quality-designer.model.sha256="${MODEL_SHA256}"
RUN useradd --uid 10001 --user-group --home-dir /app --no-create-home --shell /usr/sbin/nologin app
COPY --from=build /opt/venv /opt/venv
WORKDIR /app
COPY dashboard.py gunicorn.conf.py ./
COPY api/ api/
COPY assets/ assets/
COPY callbacks/ callbacks/
COPY components/ components/
COPY data/ data/
COPY model/ model/
# the label above is honest: the artifact copied is the one whose sha256 was passed in (when one was)
RUN test -z "${MODEL_SHA256}" || echo "${MODEL_SHA256}  model/wine_gbm.pkl" | sha256sum -c --quiet -
# Load the app and answer /healthz once: the build fails if the model does not score its reference wines here, and
# Python writes bytecode for exactly the modules the server imports (a third of compiling everything: 27 vs 81 MB)
RUN /opt/venv/bin/python -c "import gunicorn.app.wsgiapp, gunicorn.workers.gthread, dashboard; \
r = dashboard.server.test_client().get('/healthz'); assert r.status_code == 200, r.get_data(as_text=True)"
ENV PATH=/opt/venv/bin:$PATH PORT=8080 PYTHONUNBUFFERED=1
USER app
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=20s --retries=3 \
  CMD ["python3", "-c", "import os, urllib.request as u; u.urlopen('http://127.0.0.1:%s/healthz' % os.environ.get('PORT', '8080'), timeout=8)"]
# the Procfile's web process (tests/test_image.py checks they match); gunicorn.conf.py binds 0.0.0.0:$PORT
CMD ["gunicorn", "-c", "gunicorn.conf.py", "dashboard:server"]
