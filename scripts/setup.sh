# Shared by ./tamper and ./run-tests (sourced, not run): checks what the tool needs from the system,
# installs it when running as root, and sets the environment native code needs. Bash only.

TAMPER_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

tamper_say() { echo "tamper: $*" >&2; }

# Debian/Ubuntu package providing a library: the t64-renamed package on newer releases, else the old name.
tamper_package_for() {
    local old="$1" new="$1t64"
    if command -v apt-cache >/dev/null 2>&1 && apt-cache show "$new" >/dev/null 2>&1; then echo "$new"; else echo "$old"; fi
}

# The loader cache, read once and whole (a pipe into grep -q or awk 'exit' would SIGPIPE ldconfig under pipefail).
tamper_ldcache() { [ -n "${TAMPER_LDCACHE:-}" ] || TAMPER_LDCACHE="$(/sbin/ldconfig -p 2>/dev/null || ldconfig -p 2>/dev/null || true)"; }

tamper_has_library() { tamper_ldcache; grep -qF "$1" <<<"$TAMPER_LDCACHE"; }

# Installs (as root) or names (otherwise) the system packages: OpenCV's native library needs GTK 3,
# libtorch needs tcmalloc to be fast (docs/stack-notes.md, note 2). Extra "library:package" pairs may be given.
tamper_require_packages() {
    local wanted=("libgtk-3.so.0:libgtk-3-0" "libtcmalloc_minimal.so.4:libtcmalloc-minimal4" "$@")
    local missing=() pair
    for pair in "${wanted[@]}"; do
        tamper_has_library "${pair%%:*}" || missing+=("$(tamper_package_for "${pair#*:}")")
    done
    tamper_install "${missing[@]}"
}

# Installs the given Debian packages when running as root, else prints the one line that would; none: ok.
tamper_install() {
    [ $# -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        tamper_say "missing ($*) and no apt-get here: install their equivalents, then retry"
        return 1
    fi
    if [ "$(id -u)" -ne 0 ]; then
        tamper_say "missing system packages; install them with:"
        echo "  sudo apt-get update && sudo apt-get install -y $*" >&2
        return 1
    fi
    tamper_say "installing $* ..."
    if ! { DEBIAN_FRONTEND=noninteractive apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@"; } >/tmp/tamper-apt.log 2>&1; then
        tamper_say "apt-get failed (see /tmp/tamper-apt.log)"
        return 1
    fi
}

# Fonts that document synthesis renders with (files, not libraries): "path:package" pairs.
TAMPER_FONTS=(
    "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf:fonts-dejavu-core"
    "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf:fonts-liberation"
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc:fonts-noto-cjk"
)

# Tools that synthesis calls: pdftoppm renders --pdfs pages.
TAMPER_TOOLS=("/usr/bin/pdftoppm:poppler-utils")

# Like tamper_require_packages, for files (fonts, tools): "path:package" pairs.
tamper_require_files() {
    local missing=() pair
    for pair in "$@"; do
        [ -e "${pair%%:*}" ] || missing+=("${pair#*:}")
    done
    tamper_install "${missing[@]}"
}

tamper_require_dotnet() {
    if ! command -v dotnet >/dev/null 2>&1; then
        tamper_say "the .NET 10 SDK is needed (dotnet not found): https://learn.microsoft.com/dotnet/core/install/linux-debian"
        return 1
    fi
    if ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
        tamper_say "the .NET 10 SDK is needed; found: $(dotnet --list-sdks | tr '\n' ' ')"
        return 1
    fi
    export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
}

# libtorch is 5-15x slower with glibc malloc here; the preload must be set before the process starts.
tamper_preload_allocator() {
    local lib
    TAMPER_LDCACHE=""; tamper_ldcache
    lib="$(awk '/libtcmalloc_minimal\.so\.4 / && !found {print $NF; found = 1}' <<<"$TAMPER_LDCACHE")"
    if [ -n "$lib" ]; then
        case ":${LD_PRELOAD:-}:" in *tcmalloc*) ;; *) export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" ;; esac
    else
        export GLIBC_TUNABLES="glibc.malloc.mmap_max=0:glibc.malloc.trim_threshold=17179869184"
    fi
}

# Runs a command (a build) without the allocator preload: only libtorch needs it, and MSBuild gains nothing
# from it (stack-notes, note 2). Other preloads the caller set are kept.
tamper_unpreloaded() {
    local kept="" entry
    local IFS=':'
    for entry in ${LD_PRELOAD:-}; do
        case "$entry" in *tcmalloc*|"") ;; *) kept="${kept:+$kept:}$entry" ;; esac
    done
    if [ -n "$kept" ]; then LD_PRELOAD="$kept" "$@"; else env -u LD_PRELOAD "$@"; fi
}
