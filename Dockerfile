# syntax=docker/dockerfile:1
# Nudge: one image for every node. Build: `docker build -t nudge .`; run several behind nginx with
# docker-compose.yml (see docs/deploy.md).

# ---- build: install the workspace (better-sqlite3 compiled), build the client, pack the server
FROM node:20-bookworm-slim AS build
# Toolchain for better-sqlite3 when no prebuilt binary matches.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ ca-certificates \
 && rm -rf /var/lib/apt/lists/*
RUN corepack enable
WORKDIR /src
# Manifests first, so the dependency layer is cached until they change.
COPY package.json pnpm-lock.yaml pnpm-workspace.yaml .npmrc tsconfig.base.json ./
COPY shared/package.json shared/
COPY server/package.json server/
COPY client/package.json client/
COPY tests/package.json tests/
RUN pnpm install --frozen-lockfile --filter "@nudge/server..." --filter "@nudge/client..."
COPY shared shared
COPY server server
COPY client client
COPY scripts scripts
# The client, with brotli/gzip copies of its files and of the code runner's Pyodide.
RUN node scripts/client-build.mjs
# A self-contained server: its production dependencies (with the compiled better-sqlite3) and
# @nudge/shared copied in, no dev or test packages.
RUN pnpm --filter @nudge/server deploy --prod --legacy /out/server \
 && cp -r client/dist /out/client-dist

# ---- runtime: no toolchain, non-root
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data \
    CLIENT_DIST=/app/client-dist
WORKDIR /app
COPY --from=build --chown=node:node /out/server /app/server
COPY --from=build --chown=node:node /out/client-dist /app/client-dist
RUN mkdir -p /data && chown node:node /data
USER node
WORKDIR /app/server
EXPOSE 3000
VOLUME ["/data"]
# Ready = storage answers (and Redis, in scaled mode); the load balancer and compose use it.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# `node --import tsx` (not the tsx CLI) keeps the server as PID 1's only process, so SIGTERM
# reaches it directly and it stores every pending edit before exiting. The same command as
# server/package.json's `start`; the two GC flags trade memory for latency (docs/deploy.md).
CMD ["node", "--max-semi-space-size=64", "--heap-growing-percent=100", "--import", "tsx", "src/main.ts"]
