# One image per deployable: docker build --build-arg PACKAGE=tukiverkko-plans --build-arg APP=plans.main:create_app .
FROM python:3.11-slim AS build
RUN pip install --no-cache-dir uv==0.13.9
WORKDIR /src
COPY pyproject.toml uv.lock ./
COPY libs libs
COPY services services
COPY gateway gateway
ARG PACKAGE
RUN uv sync --frozen --no-dev --package "${PACKAGE}" --no-editable

FROM python:3.11-slim
RUN useradd --system --uid 10001 app
COPY --from=build /src/.venv /app/.venv
ENV PATH=/app/.venv/bin:$PATH PYTHONUNBUFFERED=1
ARG APP
ENV APP=${APP}
USER 10001
EXPOSE 8000
# X-Forwarded-For only from TUKIVERKKO_FORWARDED_ALLOW_IPS (none when unset; uvicorn would trust 127.0.0.1).
CMD ["sh", "-c", "exec uvicorn --factory \"$APP\" --host 0.0.0.0 --port 8000 --no-access-log --forwarded-allow-ips \"${TUKIVERKKO_FORWARDED_ALLOW_IPS:-}\""]
