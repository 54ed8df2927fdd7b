# One image for every process of the assistant; docker-compose.yml chooses the command of each
# container. The model is trained while the image is built (about 6 minutes on 2 cores), so every
# container of one image serves the same model.

# The website chat's socket.io client, from npm with the lock file (as `make install` does).
FROM node:20-bookworm-slim AS web
WORKDIR /app/web
COPY web/ ./
RUN if [ -f package.json ]; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; fi \
    && mkdir -p node_modules

FROM python:3.10-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PYTHONPATH=/app \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    RASA_TELEMETRY_ENABLED=false \
    TF_CPP_MIN_LOG_LEVEL=2 \
    SQLALCHEMY_SILENCE_UBER_WARNING=1 \
    PYTHONWARNINGS=ignore
WORKDIR /app

COPY requirements.lock ./
RUN pip install -r requirements.lock

COPY . .
COPY --from=web /app/web/node_modules web/node_modules
RUN python -m service.train \
    && rm -rf .rasa var \
    && useradd --create-home --uid 10001 assistant \
    && mkdir -p var \
    && chown assistant var

# DATA_DIR: the files written at start (credentials.yml, endpoints.yml) and the SQLite defaults.
USER assistant
EXPOSE 5005 5055 8000 8001
CMD ["python", "-m", "service.endpoints"]
