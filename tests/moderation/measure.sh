#!/usr/bin/env bash
# measure.sh -- precision and recall of the built-in classifier on labelled.tsv.
#   tests/moderation/measure.sh [path/to/billboard-batch]     (default build/billboard-batch)
# Prints the counts, the two figures, and every text the classifier got wrong.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
batch=${1:-$here/../../build/billboard-batch}
data=$here/labelled.tsv

texts=$(grep -v '^#' "$data")
# classify needs no database; the batch binary's start-up complaints about one are dropped.
verdicts=$(cut -f3 <<<"$texts" | "$batch" classify 2>/dev/null)
paste <(cut -f1,2 <<<"$texts") <(cut -f1,2 <<<"$verdicts") <(cut -f3 <<<"$texts") | awk -F'\t' '
    { flagged = $3 != "clean" }
    $1 == 1 && flagged { tp++ }
    $1 == 0 && flagged { fp++; wrong = wrong sprintf("  false positive [%s] %s (%s)\n", $2, $5, $4) }
    $1 == 1 && !flagged { fn++; wrong = wrong sprintf("  missed [%s] %s\n", $2, $5) }
    $1 == 0 && !flagged { tn++ }
    END {
        printf "texts %d: true positives %d, false positives %d, false negatives %d, true negatives %d\n", NR, tp, fp, fn, tn
        printf "precision %.3f, recall %.3f\n", tp / (tp + fp), tp / (tp + fn)
        printf "%s", wrong
    }'
