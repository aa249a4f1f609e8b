# Shared set-up for ./run and ./test: installs whatever is missing, then returns.
# Sourced, not executed. Idempotent: a second call on a ready machine takes about a second.
#   dpo_bootstrap [--for-tests]
# Creates .venv with the pinned Python packages (constraints.txt), the Debian packages Qt needs,
# and (for tests) the PostgreSQL server and the X/PDF tools the visual checks use.

DPO_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
DPO_VENV="$DPO_ROOT/.venv"

# Qt's wheels import only with these (../shared/PLATFORM.md); the xcb ones give a real window.
DPO_QT_DEBS="libglib2.0-0 libgl1 libegl1 libxkbcommon0 libfontconfig1 libfreetype6 libdbus-1-3 \
libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-render-util0 libxcb-shape0 \
libxcb-xkb1 libxkbcommon-x11-0 fonts-dejavu-core"
DPO_TEST_DEBS="postgresql poppler-utils xvfb xauth"

dpo_say() { printf '\033[1m[dpo-desk]\033[0m %s\n' "$*" >&2; }

dpo_missing_debs() {
    local pkg missing=()
    command -v dpkg-query >/dev/null 2>&1 || return 0
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
    done
    echo "${missing[@]:-}"
}

dpo_apt_install() {
    local missing
    missing=$(dpo_missing_debs "$@")
    [ -z "${missing// /}" ] && return 0
    local sudo=""
    if [ "$(id -u)" != 0 ]; then
        if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
            dpo_say "please install these Debian packages (as root): $missing"; return 1
        fi
    fi
    dpo_say "installing Debian packages: $missing"
    $sudo apt-get update -qq >/dev/null
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}

dpo_python() {
    local candidate
    for candidate in python3.11 python3.12 python3.13 python3; do
        if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c \
            'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
            echo "$candidate"; return 0
        fi
    done
    dpo_say "DPO Desk needs Python 3.11, 3.12 or 3.13 (Debian 12: apt-get install python3)"; return 1
}

dpo_bootstrap() {
    local debs="$DPO_QT_DEBS"
    [ "${1:-}" = "--for-tests" ] && debs="$debs $DPO_TEST_DEBS"
    # shellcheck disable=SC2086
    dpo_apt_install $debs || return 1

    local py
    py=$(dpo_python) || return 1
    if [ ! -x "$DPO_VENV/bin/python" ]; then
        if ! "$py" -c 'import ensurepip, venv' 2>/dev/null; then
            local ver; ver=$("$py" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
            dpo_apt_install "python$ver-venv" || return 1
        fi
        dpo_say "creating the virtual environment in .venv"
        "$py" -m venv "$DPO_VENV" || return 1
    fi

    # Reinstall only when the pins or the project metadata changed since the last install.
    local stamp="$DPO_VENV/.dpo-desk-installed"
    local want; want=$(cat "$DPO_ROOT/pyproject.toml" "$DPO_ROOT/constraints.txt" | sha256sum | cut -d' ' -f1)
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        dpo_say "installing the pinned Python packages (constraints.txt)"
        "$DPO_VENV/bin/python" -m pip install -q --disable-pip-version-check \
            -c "$DPO_ROOT/constraints.txt" -e "$DPO_ROOT[dev]" || return 1
        echo "$want" > "$stamp"
    fi

    # Translations are compiled here (and by the wheel's build hook); .mo files are never committed.
    local out
    out=$("$DPO_VENV/bin/pybabel" compile -d "$DPO_ROOT/resources/locale" -D dpo_desk 2>&1) \
        || { echo "$out" >&2; return 1; }
}
