#!/bin/sh
# Reads Docker secrets: for each VAR_FILE set, exports VAR with the file's content, so that
# secrets live in /run/secrets and never in the image, the compose file or `docker inspect`.
set -eu

for name in DATABASE_URL REDIS_URL RAMPART_JWT_SECRET RAMPART_MASTER_KEY RAMPART_ADMIN_PASSWORD; do
  file_var="${name}_FILE"
  eval "file=\${$file_var:-}"
  if [ -n "$file" ]; then
    if [ ! -r "$file" ]; then
      echo "rampart-console: $file_var points at $file, which cannot be read" >&2
      exit 1
    fi
    value=$(cat "$file")
    export "$name=$value"
    unset "$file_var"
  fi
done

exec node /app/apps/console/dist/main.js "$@"
