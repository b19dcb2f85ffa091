#!/usr/bin/env bash
# Builds flame and installs it under a prefix:
#   PREFIX/bin/flame
#   PREFIX/lib/flame/libflame-sampler-preload.so    (flame record --inproc; built with cc)
#   PREFIX/share/man/man1/flame.1, flame.SUBCOMMAND.1
#   PREFIX/share/bash-completion/completions/flame
#   PREFIX/share/zsh/site-functions/_flame
#   PREFIX/share/fish/vendor_completions.d/flame.fish
# Man pages and completions are generated from flame's argument definitions
# (swift-argument-parser's generate-manual plugin and --generate-completion-script),
# so they always match the installed binary.
#
# Usage: scripts/install.sh [--prefix DIR] [--configuration release|debug] [--no-build --bin-dir DIR]
#   --prefix DIR         where to install (default /usr/local)
#   --configuration C    the build to install (default release)
#   --no-build           install what is already built, from --bin-dir (or
#                        swift build's bin path); man pages then need
#                        generate-manual-tool built there (else they are skipped, saying so)
set -euo pipefail
cd "$(dirname "$0")/.."

prefix=/usr/local
configuration=release
build=1
bindir=""
while [ $# -gt 0 ]; do
  case "$1" in
    --prefix) prefix=${2:?--prefix needs a folder}; shift 2 ;;
    --prefix=*) prefix=${1#--prefix=}; shift ;;
    --configuration|-c) configuration=${2:?--configuration needs release or debug}; shift 2 ;;
    --no-build) build=0; shift ;;
    --bin-dir) bindir=${2:?--bin-dir needs a folder}; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) echo "install.sh: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done
case "$configuration" in release|debug) ;; *) echo "install.sh: --configuration is release or debug" >&2; exit 2 ;; esac

if [ "$build" = 1 ]; then
  flame=$(scripts/build-release.sh --configuration "$configuration")
  bindir=$(dirname "$flame")
fi
[ -n "$bindir" ] || bindir=$(swift build -c "$configuration" --show-bin-path)
flame="$bindir/flame"
[ -x "$flame" ] || { echo "install.sh: $flame not found; build first or drop --no-build" >&2; exit 1; }

install -d "$prefix/bin" "$prefix/lib/flame" "$prefix/share/man/man1" \
  "$prefix/share/bash-completion/completions" "$prefix/share/zsh/site-functions" \
  "$prefix/share/fish/vendor_completions.d"
install -m 755 "$flame" "$prefix/bin/flame"
if ! scripts/build-preload.sh "$prefix/lib/flame" >/dev/null; then
  echo "install.sh: libflame-sampler-preload.so could not be built (a C compiler is needed); flame record --inproc will not work" >&2
fi

# Completions, from the installed binary.
"$prefix/bin/flame" --generate-completion-script bash > "$prefix/share/bash-completion/completions/flame"
"$prefix/bin/flame" --generate-completion-script zsh > "$prefix/share/zsh/site-functions/_flame"
"$prefix/bin/flame" --generate-completion-script fish > "$prefix/share/fish/vendor_completions.d/flame.fish"

# Man pages: one per subcommand (flame.1, flame.record.1, ...).
manuals=$(mktemp -d)
trap 'rm -rf "$manuals"' EXIT
tool="$bindir/generate-manual-tool"
if [ -x "$tool" ]; then
  "$tool" "$prefix/bin/flame" --multi-page --output-directory "$manuals"
elif [ "$build" = 1 ]; then
  swift package generate-manual --multi-page --configuration "$configuration"
  cp .build/plugins/GenerateManual/outputs/flame/*.1 "$manuals"/
else
  echo "install.sh: man pages skipped: $tool is not built (run without --no-build, or swift package generate-manual once)" >&2
fi
# The help subcommand's page says nothing flame --help does not.
rm -f "$manuals/flame.help.1"
for page in "$manuals"/*.1; do
  [ -e "$page" ] && install -m 644 "$page" "$prefix/share/man/man1/"
done

echo "installed flame in $prefix/bin; man pages in $prefix/share/man/man1; completions for bash, zsh and fish under $prefix/share"
