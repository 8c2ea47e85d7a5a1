"""docs/schema.md is what scripts/schema_doc.py makes of the stack's database (migrated from
sql/ by scripts/dev.sh): a migration that adds or changes a table fails here until the diagram
is regenerated."""
import os
import subprocess
import sys

from ads_support import pg_dsn

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def test_schema_doc_matches_the_migrated_database():
    out = subprocess.run([sys.executable, os.path.join(ROOT, "scripts", "schema_doc.py"), pg_dsn()],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    with open(os.path.join(ROOT, "docs", "schema.md"), encoding="utf-8") as f:
        committed = f.read()
    assert out.stdout == committed, (
        "docs/schema.md is out of date: scripts/schema_doc.py \"$BILLBOARD_PG_DSN\" > docs/schema.md")
    assert "erDiagram" in committed and "advertisers ||--o{ campaigns" in committed
