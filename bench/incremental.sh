#!/usr/bin/env bash
# Benchmark (issue 9): see 'citylake bench incremental --help'. Figures are printed and appended to bench/results/.
# Default scale 1,000,000 persons; pass e.g. --persons 100000 for a quicker look.
set -euo pipefail
exec "$(dirname "${BASH_SOURCE[0]}")/../citylake" bench incremental "$@"
