#!/usr/bin/env bash
# demo.sh [URL] -- a short story played against a running stack (scripts/dev.sh up), printing
# every request and its answer: an advertiser, a campaign with an image and a generated text,
# clients, ads shown and clicked, a day advanced, statistics, a report and its review.
#
#   URL                   the stack (default http://127.0.0.1:$BILLBOARD_PORT, port 8080)
#   BILLBOARD_VAR=var     where `up` keeps the admin password (var/admin-password)
#   DEMO_ADMIN_PASSWORD   the password of account `admin`, if not that file's
#
# It changes the stack's data (new entities with fresh ids) and moves its clock one day on.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
URL=${1:-http://127.0.0.1:${BILLBOARD_PORT:-8080}}
VAR=${BILLBOARD_VAR:-$ROOT/var}
[[ $VAR == /* ]] || VAR=$ROOT/$VAR
JOB_WAIT=30                        # seconds to wait for the generated text (jobs runner)
COOKIES=$(mktemp)
BODY=$(mktemp)
trap 'rm -f "$COOKIES" "$BODY"' EXIT

die() {
    printf 'demo.sh: %s\n' "$*" >&2
    exit 1
}

# call METHOD PATH [JSON] -- prints the request and the answer; the answer's body stays in
# $BODY and its status in $STATUS.
call() {
    local method=$1 path=$2 data=${3:-}
    local args=(-sS -o "$BODY" -w '%{http_code}' -X "$method" -b "$COOKIES" -c "$COOKIES")
    printf '\n> %s %s\n' "$method" "$path"
    if [[ -n $data ]]; then
        printf '> %s\n' "$data"
        args+=(-H 'Content-Type: application/json' --data-binary "$data")
    fi
    STATUS=$(curl "${args[@]}" "$URL$path")
    printf '< %s %s\n' "$STATUS" "$(head -c 600 "$BODY")"
}

# expect STATUS... -- the last answer had one of these statuses.
expect() {
    local s
    for s in "$@"; do
        [[ $STATUS == "$s" ]] && return 0
    done
    die "expected HTTP $*, got $STATUS"
}

# field NAME -- a top-level field of the last JSON answer.
field() { python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]; print(v if v is not None else "")' "$BODY" "$1"; }

uuid() { cat /proc/sys/kernel/random/uuid; }

curl -fsS -o /dev/null "$URL/health" || die "no healthy stack at $URL (scripts/dev.sh up)"

echo "# The clock"
call GET /time
expect 200
today=$(field current_date)

echo
adv=$(uuid)
# A town of this run's own, so that a second run is not outbid by the first one's campaign.
town="Kazan-${adv:0:4}"
echo "# An advertiser and two clients who live in $town"
call POST /advertisers/bulk "[{\"advertiser_id\":\"$adv\",\"name\":\"Kazan Coffee Roasters\"}]"
expect 201
anna=$(uuid)
boris=$(uuid)
call POST /clients/bulk "[{\"client_id\":\"$anna\",\"login\":\"anna\",\"age\":29,\"location\":\"$town\",\"gender\":\"FEMALE\"},{\"client_id\":\"$boris\",\"login\":\"boris\",\"age\":41,\"location\":\"$town\",\"gender\":\"MALE\"}]"
expect 201
call POST /ml-scores "{\"client_id\":\"$anna\",\"advertiser_id\":\"$adv\",\"score\":90}"
expect 200

echo
echo "# An ad text, generated in the background (the jobs runner of scripts/dev.sh up)"
call POST /generate/ad_text "{\"advertiser_id\":\"$adv\",\"ad_title\":\"Fresh roast every morning\"}"
expect 202
task=$(field task_id)
text=""
for _ in $(seq "$JOB_WAIT"); do
    call GET "/generate/ad_text/$task/result"
    expect 200
    case $(field status) in
    SUCCESS)
        text=$(field result)
        break
        ;;
    FAILURE) die "the generation failed: $(field error)" ;;
    esac
    sleep 1
done
[[ -n $text ]] || die "no generated text after ${JOB_WAIT}s (is the jobs runner up? scripts/dev.sh status)"
text_json=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$text")

echo
echo "# A campaign for $town with that text, running from today for a week"
call POST "/advertisers/$adv/campaigns" "{\"impressions_limit\":100,\"clicks_limit\":10,\"cost_per_impression\":0.5,\"cost_per_click\":3,\"ad_title\":\"Fresh roast every morning\",\"ad_text\":$text_json,\"start_date\":$today,\"end_date\":$((today + 7)),\"targeting\":{\"location\":\"$town\"}}"
expect 201
camp=$(field campaign_id)

echo
echo "# Its image (a 1x1 PNG), uploaded as multipart/form-data"
png=$(mktemp --suffix=.png)
base64 -d >"$png" <<<'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='
printf '\n> POST /advertisers/%s/campaigns/%s/ad_image (ad_image=@pixel.png)\n' "$adv" "$camp"
STATUS=$(curl -sS -o "$BODY" -w '%{http_code}' -F "ad_image=@$png;filename=pixel.png" \
    "$URL/advertisers/$adv/campaigns/$camp/ad_image")
rm -f "$png"
printf '< %s %s\n' "$STATUS" "$(head -c 600 "$BODY")"
expect 200

echo
echo "# The clients ask for ads; Anna clicks"
# A worker sees a new campaign within a second (its catalogue's refresh): ask again till then.
for _ in 1 2 3 4 5; do
    call GET "/ads?client_id=$anna"
    [[ $STATUS == 404 ]] || break
    sleep 1
done
expect 200
[[ $(field ad_id) == "$camp" ]] ||
    die "Anna was shown another campaign's ad: this stack has campaigns that outbid the demo's" \
        "(the story needs a fresh stack: scripts/dev.sh down; rm -rf var; scripts/dev.sh up)"
call GET "/ads?client_id=$boris"
expect 200 404
call POST "/ads/$camp/click" "{\"client_id\":\"$anna\"}"
expect 204

echo
echo "# A day passes; the clients ask again (a repeat is free) and Anna reports the ad"
call POST /time/advance "{\"current_date\":$((today + 1))}"
expect 200
call GET "/ads?client_id=$anna"
expect 200 404
call GET "/ads?client_id=$boris"
expect 200 404
call POST "/report/$camp" "{\"client_id\":\"$anna\",\"message\":\"the coffee was cold\"}"
expect 201

echo
echo "# Statistics"
call GET "/stats/campaigns/$camp"
expect 200
call GET "/stats/advertisers/$adv/campaigns/daily"
expect 200

echo
echo "# A moderator's review through the admin API"
password=${DEMO_ADMIN_PASSWORD:-}
[[ -n $password || ! -r $VAR/admin-password ]] || password=$(<"$VAR/admin-password")
[[ -n $password ]] || die "no admin password: set DEMO_ADMIN_PASSWORD (or BILLBOARD_VAR)"
password_json=$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$password")
printf '\n> POST /admin/api/login\n> {"login":"admin","password":"…"}\n'
STATUS=$(curl -sS -o "$BODY" -w '%{http_code}' -c "$COOKIES" -H 'Content-Type: application/json' \
    --data-binary "{\"login\":\"admin\",\"password\":$password_json}" "$URL/admin/api/login")
printf '< %s %s\n' "$STATUS" "$(cat "$BODY")"
expect 200
call GET "/admin/api/queue/$camp"
expect 200
call POST "/admin/api/queue/$camp/claim"
expect 200
call POST "/admin/api/queue/$camp/decision" '{"decision":"skipped","note":"a matter of taste"}'
expect 200
call GET "/admin/api/moderation/metrics"
expect 200
call POST /admin/api/logout
expect 204

echo
echo "# What the platform counted (GET /metrics, excerpt)"
curl -fsS "$URL/metrics" | grep -E '^billboard_(ads_|impressions_total|clicks_total|spend_total|moderation_queue|jobs)' || true
