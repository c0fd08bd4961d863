#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt from the public API analyzer's own diagnostics, so that every change of the public
# surface shows up as a diff of that file in review. Run it after changing (or merging a change of) a public member:
#   runtime/Alter.Typed/update-public-api.sh                         # the core runtime
#   runtime/Alter.Typed/update-public-api.sh runtime/Alter.Typed.AspNetCore   # another package with a baseline
# RS0016 (a public symbol not declared) adds the symbol; RS0017 (a declared symbol that no longer exists) drops it from
# Unshipped, or records it as *REMOVED* when it was shipped. PublicAPI.Shipped.txt is never written: moving lines there
# is a release decision.
set -euo pipefail
here="$(cd "${1:-$(dirname "$0")}" && pwd)"
project="$here/$(basename "$here").csproj"
shipped="$here/PublicAPI.Shipped.txt"
unshipped="$here/PublicAPI.Unshipped.txt"
log="$(mktemp)"
trap 'rm -f "$log"' EXIT

# Start from an empty Unshipped file: every public symbol that Shipped does not declare is then reported by RS0016.
printf '#nullable enable\n' > "$unshipped"
# --no-incremental: an up-to-date build would skip the compiler and report nothing. The build fails on RS0016/RS0017
# (that is the point of the baseline); the diagnostics are what we want here.
dotnet build "$project" --no-incremental -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false > "$log" 2>&1 || true

if grep -qE '(error|warning) (CS|MSB|NU|NETSDK)[0-9]+' "$log"; then
  grep -E '(error|warning) (CS|MSB|NU|NETSDK)[0-9]+' "$log" | sort -u >&2
  echo "update-public-api: the build has other errors; fix them first." >&2
  exit 1
fi

python3 - "$log" "$shipped" "$unshipped" "$(basename "$project")" <<'PY'
import re, sys
log, shipped_path, unshipped_path, project = sys.argv[1:]
# Only this project's diagnostics: the build also compiles the projects it references, which have baselines of their own.
text = "".join(l for l in open(log, encoding="utf-8") if project + "]" in l)
added = set(re.findall(r"RS0016: Symbol '(.+?)' is not part of the declared public API", text))
missing = set(re.findall(r"RS0017: Symbol '(.+?)' is part of the declared API, but is either not public or could not be found", text))
shipped = {l.strip() for l in open(shipped_path, encoding="utf-8") if l.strip() and not l.startswith("#")}
lines = sorted(added | {"*REMOVED*" + s for s in missing if s in shipped}, key=lambda s: (s.removeprefix("*REMOVED*"), s))
with open(unshipped_path, "w", encoding="utf-8", newline="\n") as f:
    f.write("#nullable enable\n")
    f.writelines(l + "\n" for l in lines)
print(f"PublicAPI.Unshipped.txt: {len(added)} declared, {sum(1 for s in missing if s in shipped)} removed from Shipped.")
PY
