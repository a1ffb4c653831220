# The gateway's production image. The build stage installs every dependency, compiles src/ to dist/
# and then prunes the devDependencies; the runtime stage gets only what the start needs
# (node_modules without devDependencies, dist/, package.json, scripts/) and runs it as a non-root
# user with plain node. Build: docker build -t graphql-trading-gateway .
# Run:   docker run --init -p 4000:4000 -e API_KEYS='id:sha256hex:read' graphql-trading-gateway

ARG NODE_IMAGE=node:20-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /app
# No NODE_ENV=production here: npm ci would then skip the devDependencies the build needs.
# The manifest and lockfile alone first, so this layer is reused while only sources change.
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM ${NODE_IMAGE} AS runtime
# HOST: inside a container the gateway must listen beyond loopback to be reachable at all.
ENV NODE_ENV=production HOST=0.0.0.0 PORT=4000
WORKDIR /app
# Left owned by root: the runtime user can read the code but not rewrite it.
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY --from=build /app/scripts ./scripts
USER node
EXPOSE 4000
# Liveness only (/healthz); readiness (/readyz, which asks Redis and the exchange) is for load balancers.
HEALTHCHECK --interval=15s --timeout=5s --start-period=20s --retries=3 CMD ["node", "scripts/healthcheck.js"]
# node itself, not npm: SIGTERM from `docker stop` reaches the gateway, which drains for up to
# SHUTDOWN_TIMEOUT_MS (10 s) before closing, so give the stop longer than that (docker stop -t 20).
CMD ["node", "--enable-source-maps", "dist/main.js"]
