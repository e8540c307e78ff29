# syntax=docker/dockerfile:1
# One image for every Omnigraph process: the command names the entry point (gateway/main.ts by
# default; gateway/partner-main.ts, subgraphs/<name>/main.ts, identity-provider/main.ts,
# legacy/start.ts). README.md, "Deploying it".

FROM node:20-bookworm-slim AS build
WORKDIR /app
# better-sqlite3 downloads a prebuilt binary; the compilers are its fallback, and stay in this stage.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# npm ci applies the patches to dependencies (patch-package, the postinstall script).
COPY patches ./patches
RUN npm ci
COPY . .
# The code runs as TypeScript through tsx, a devDependency: keep tsx and the esbuild it runs (the
# lockfile's versions, already installed above), and drop every other devDependency.
RUN mkdir /tmp/runner \
  && mv node_modules/tsx node_modules/esbuild node_modules/@esbuild /tmp/runner/ \
  && npm prune --omit=dev \
  && mv /tmp/runner/* node_modules/

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    GATEWAY_HOST=0.0.0.0 \
    SUBGRAPH_HOST=0.0.0.0 \
    LEGACY_HOST=0.0.0.0 \
    IDENTITY_PROVIDER_HOST=0.0.0.0 \
    LEGACY_DATA_DIR=/app/data
WORKDIR /app
# Code and dependencies owned by root, read-only to the process; only data/ (SQLite stores when no
# PostgreSQL URL is set, the stand-ins' files) is the node user's.
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/package.json ./
COPY --from=build /app/lib ./lib
COPY --from=build /app/gateway ./gateway
COPY --from=build /app/subgraphs ./subgraphs
COPY --from=build /app/connectors ./connectors
COPY --from=build /app/schema ./schema
COPY --from=build /app/operations ./operations
COPY --from=build /app/identity-provider ./identity-provider
COPY --from=build /app/legacy ./legacy
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/tsconfig.json ./
RUN mkdir data && chown node:node data
USER node
EXPOSE 4000
# No HEALTHCHECK: the port depends on the command; compose and Kubernetes probe /health and /ready.
# A larger young generation, as README.md's production settings say (fewer collections, bench/README.md).
ENTRYPOINT ["node", "--max-semi-space-size=32", "--import", "tsx"]
CMD ["gateway/main.ts"]
