#!/bin/sh
# One database and one login role per deployable; a role owns its own database and can reach
# no other (CONNECT revoked from PUBLIC). Passwords come from the environment, never from here.
set -eu
create() {
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
    -v name="$1" -v password="$2" <<'SQL'
CREATE ROLE :"name" LOGIN PASSWORD :'password';
CREATE DATABASE :"name" OWNER :"name";
REVOKE ALL ON DATABASE :"name" FROM PUBLIC;
SQL
}
create plans "$PLANS_DB_PASSWORD"
create consent "$CONSENT_DB_PASSWORD"
create network "$NETWORK_DB_PASSWORD"
create resources "$RESOURCES_DB_PASSWORD"
create gateway "$GATEWAY_DB_PASSWORD"
