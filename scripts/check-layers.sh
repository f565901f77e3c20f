#!/usr/bin/env bash
# Checks that touchpoint-core's modules form layers. A module is a top-level module of
# core/src (its submodules count as it, tests included); it imports another when its
# code names `crate::other` outside comment lines. Fails when
#   - a module imports one that (directly or not) imports it back (a cycle), or
#   - an import points at the same or a later layer than core/src/lib.rs documents
#     (its numbered `//! N. ...` list names every module in backticks, in order), or
#   - a path cannot be attributed to one module (`crate::{a, b}`, a crate-root re-export
#     such as `crate::Config`, `super::super::`): write `crate::module::Item` instead.
# On success it prints the layers with each module's imports.
set -euo pipefail
cd "$(dirname "$0")/../core/src"

modules=$(sed -n 's/^\(pub \)\{0,1\}mod \([a-z0-9_]*\);.*/\2/p' lib.rs)
problems=()
edges=""

# The documented order: "//! 4. `history`, `availability` — what they are" puts history and
# availability in layer 4 (the names before the dash; the rest of the item is description).
declare -A layer=()
while read -r n rest; do
  for name in $(sed 's/ — .*//' <<<"$rest" | grep -o '`[a-z0-9_]*`' | tr -d '`'); do
    if [[ -n ${layer[$name]:-} ]]; then problems+=("lib.rs lists \`$name\` twice"); fi
    layer[$name]=$n
  done
done < <(sed -n 's/^\/\/! \([0-9][0-9]*\)\. /\1 /p' lib.rs)

for m in $modules; do
  [[ -n ${layer[$m]:-} ]] || problems+=("module \`$m\` is missing from the layer list in core/src/lib.rs")
  files=("$m.rs")
  if [[ -d $m ]]; then mapfile -t -O 1 files < <(find "$m" -name '*.rs' | sort); fi
  code=$(grep -hv '^[[:space:]]*//' "${files[@]}")
  if grep -q 'super::super::' <<<"$code"; then
    problems+=("$m: \`super::super::\` hides which module is imported; write \`crate::module::…\`")
  fi
  for dep in $(grep -o 'crate::\({\|[A-Za-z_][A-Za-z0-9_]*\)' <<<"$code" | sed 's/^crate:://' | sort -u); do
    [[ $dep == "$m" ]] && continue
    if [[ $dep == "{" ]]; then
      problems+=("$m: \`crate::{…}\` hides which modules are imported; write one \`use crate::module::…\` per module")
      continue
    fi
    if ! grep -qx "$dep" <<<"$modules"; then
      problems+=("$m: \`crate::$dep\` is not a module path; write \`crate::module::…\`")
      continue
    fi
    edges+="$dep $m"$'\n'
    if [[ -n ${layer[$m]:-} && -n ${layer[$dep]:-} && ${layer[$dep]} -ge ${layer[$m]} ]]; then
      problems+=("$m (layer ${layer[$m]}) imports $dep (layer ${layer[$dep]}): imports must point to an earlier layer")
    fi
  done
done

# tsort names the modules of each cycle it finds, one per line after "input contains a loop:".
if ! loops=$( (printf '%s' "$edges"; for m in $modules; do echo "$m $m"; done) | tsort 2>&1 >/dev/null); then
  while read -r loop; do
    problems+=("import cycle among: $loop")
  done < <(sed 's/^tsort: //' <<<"$loops" | awk '/input contains a loop/ { if (l) print l; l = ""; next } { l = l (l ? ", " : "") $0 } END { if (l) print l }')
fi

if [[ ${#problems[@]} -gt 0 ]]; then
  printf 'core layers: FAILED\n'
  printf '  %s\n' "${problems[@]}"
  exit 1
fi

echo "core layers: no import cycles; every import points to an earlier layer (core/src/lib.rs)"
for n in $(printf '%s\n' "${layer[@]}" | sort -nu); do
  printf 'layer %s\n' "$n"
  for m in $modules; do
    [[ ${layer[$m]} == "$n" ]] || continue
    deps=$(awk -v m="$m" '$2 == m { print $1 }' <<<"$edges" | sort -u | paste -sd ' ')
    printf '  %-13s uses %s\n' "$m" "${deps:-nothing else in core}"
  done
done
