# syntax=docker/dockerfile:1
# The sip-transfer server as a container: built from this repository, run from its production
# bundle (scripts/bundle/make: the built server and its production dependencies only), as a
# non-root user, on Node 24 LTS.
#
#   docker build -t sip-transfer .
#   docker run -p 3000:3000 -e LIVEKIT_URL=… -e LIVEKIT_API_KEY=… -e LIVEKIT_API_SECRET=… sip-transfer
#
# See README.md "Deploy" (and deploy/compose.yaml for two replicas on Redis).

FROM node:24-bookworm-slim AS build
WORKDIR /repo
ENV TURBO_TELEMETRY_DISABLED=1 DO_NOT_TRACK=1 CI=true
RUN npm install -g pnpm@10.34.8
COPY . .
RUN pnpm install --frozen-lockfile \
 && pnpm build --filter=@sip-transfer/server... \
 && scripts/bundle/make /app

FROM node:24-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    STORE_URL=sqlite:/data/sip-transfer.sqlite
WORKDIR /app
COPY --from=build /app /app
# Records live in /data (a volume): the image itself stays read-only for the server.
RUN mkdir -p /data && chown node:node /data
USER node
VOLUME ["/data"]
EXPOSE 3000
# Liveness: the process answers. (Readiness, store and LiveKit, is GET /ready: for the orchestrator.)
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/health').then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM stops it gracefully (SHUTDOWN_GRACE_MS, 25 s by default: within Docker's and Kubernetes'
# usual 30 s).
STOPSIGNAL SIGTERM
CMD ["node", "dist/main.js"]
