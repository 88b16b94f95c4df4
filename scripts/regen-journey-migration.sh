#!/usr/bin/env bash
# While the certification-journey schema is being built, regenerate its one
# migration from the models (serialised with flock: several people edit models).
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/tfz-migration.lock
flock 9
rev=6d767794a5a7
file=$(ls migrations/versions/${rev}_*.py)
tmpdb=$(mktemp -d)
export FLASK_APP=tfz_portal TFZ_SQLALCHEMY_DATABASE_URI="sqlite:///$tmpdb/regen.sqlite3"
rm "$file"
.venv/bin/flask db upgrade bbdeec7297b5 >/dev/null 2>&1
.venv/bin/flask db migrate --rev-id "$rev" -m "certification journey: training, signatures, policies, sharing, certificates" >/dev/null 2>&1
file=$(ls migrations/versions/${rev}_*.py)
# Existing participations get the defaults of the new NOT NULL columns.
sed -i "s/batch_op.add_column(sa.Column('cycle', sa.Integer(), nullable=False))/batch_op.add_column(sa.Column('cycle', sa.Integer(), nullable=False, server_default='0'))/; s/name='listingstatus', native_enum=False, length=16), nullable=False))/name='listingstatus', native_enum=False, length=16), nullable=False, server_default='none'))/" "$file"
rm -rf "$tmpdb"
echo "regenerated $file"
