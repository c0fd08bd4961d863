#!/usr/bin/env bash
# Regenerates this package's PublicAPI.Unshipped.txt (the runtime's script, pointed at this project):
#   runtime/Alter.Typed.PostgreSql/update-public-api.sh
exec "$(dirname "$0")/../Alter.Typed/update-public-api.sh" "$(dirname "$0")"
