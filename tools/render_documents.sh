#!/usr/bin/env bash
# Export every document Fieldwork writes, from the demo inspection and a made-up partnership
# audit, and convert each Word file with LibreOffice (headless) to PDF, and to one PNG a page
# where pdftoppm (poppler-utils) exists, so a person can look at every page.
#
#   tools/render_documents.sh [OUT_DIR]        (default: ./rendered-documents)
#
# Needs: Fieldwork installed (.venv/bin/fieldwork, or FIELDWORK=/path/to/fieldwork);
# LibreOffice (soffice) for PDFs; pdftoppm for PNGs. Without them it still writes the .docx and
# .md files and says what it skipped. Everything is made-up data in a temporary home.
set -euo pipefail

here="$(cd "$(dirname "$0")/.." && pwd)"
out="${1:-rendered-documents}"
mkdir -p "$out"
out="$(cd "$out" && pwd)"
fw="${FIELDWORK:-$here/.venv/bin/fieldwork}"
py="${PYTHON:-$here/.venv/bin/python}"
[ -x "$fw" ] || fw="$(command -v fieldwork || true)"
[ -n "$fw" ] || { echo "render_documents: no fieldwork command: install it (pip install -e .) or set FIELDWORK" >&2; exit 1; }
[ -x "$py" ] || py="$(command -v python3)"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unset FIELDWORK_HOME FIELDWORK_KDF

# --- the demo inspection: letter draft, keep-in-touch summary, every Annex C form -----------------
demo="$work/demo"
"$fw" --home "$demo" demo --no-open >/dev/null 2>&1
FIELDWORK_PASSPHRASE="$(cd "$here" && "$py" -c 'from store.demo import DEMO_PASSPHRASE; print(DEMO_PASSPHRASE)')"
export FIELDWORK_PASSPHRASE
"$fw" --home "$demo" finding export --include-drafts "$out/letter.docx" >/dev/null
"$fw" --home "$demo" finding export --include-drafts "$out/letter.md" >/dev/null
"$fw" --home "$demo" kit export "$out/keep-in-touch.docx" >/dev/null
"$fw" --home "$demo" kit export "$out/keep-in-touch.md" >/dev/null
"$fw" --home "$demo" concern list --json \
  | "$py" -c 'import json, sys; print("\n".join(c["id"] for c in json.load(sys.stdin)))' \
  | while read -r id; do
      "$fw" --home "$demo" concern export "$id" "$out/annex-c-${id:0:8}.docx" >/dev/null
      "$fw" --home "$demo" concern export "$id" "$out/annex-c-${id:0:8}.md" >/dev/null
    done

# --- a partnership's multi-agency audit: the audit report --------------------------------------------
audit="$work/audit"
export FIELDWORK_PASSPHRASE="made-up audit passphrase for rendering"
"$fw" --home "$audit" init --mode audit --framework somerset-partnership-audit --area Somerset \
  --theme "Neglect in under-fives" --name AB --agency "Somerset Council children's social care" >/dev/null 2>&1
n=0
for row in "CR-200001 good safe-start" "CR-200002 requires-improvement safe-community" \
           "CR-200003 inadequate mental-health" "CR-200004 good safe-start"; do
  set -- $row
  n=$((n + 1))
  "$fw" --home "$audit" child add "$1" >/dev/null
  "$fw" --home "$audit" case grade "$1" --grade "$2" >/dev/null
  "$fw" --home "$audit" case domain "$1" --domain "$3" \
    --good-practice "The health visitor saw the baby weekly and shared concerns with the school nurse the same day." \
    --development "Fathers were not invited to the core group, so their view of the home was not heard." \
    --recommendation "Invite fathers to every core group and record why when they do not attend." >/dev/null
  for code in P1.3 P3.5; do
    "$fw" --home "$audit" sea add --esn "$code" --judgement strength --source case-file \
      --source-detail "Social worker's case record" --evidence-date "2026-04-0$n" --child "$1" \
      --text "Effective early help reduced the risk to the baby because agencies shared information promptly." >/dev/null 2>&1
  done
done
"$fw" --home "$audit" audit export "$out/audit-report.docx" >/dev/null
"$fw" --home "$audit" audit export "$out/audit-report.md" >/dev/null

# --- convert ----------------------------------------------------------------------------------------
if command -v soffice >/dev/null 2>&1; then
  soffice --headless -env:UserInstallation="file://$work/lo-profile" --convert-to pdf --outdir "$out" "$out"/*.docx >/dev/null 2>&1
  for doc in "$out"/*.docx; do
    [ -s "${doc%.docx}.pdf" ] || { echo "render_documents: LibreOffice did not convert $(basename "$doc")" >&2; exit 1; }
  done
  if command -v pdftoppm >/dev/null 2>&1; then
    for pdf in "$out"/*.pdf; do pdftoppm -r 60 -png "$pdf" "${pdf%.pdf}"; done
  else
    echo "render_documents: no pdftoppm (poppler-utils): PDFs only" >&2
  fi
else
  echo "render_documents: no LibreOffice (soffice): Word and Markdown files only" >&2
fi
echo "Documents in $out: $(ls "$out" | wc -l) files"
