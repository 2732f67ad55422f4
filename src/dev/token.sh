#!/usr/bin/env bash
# Mints a development JWT for the CRM API, signed with the dev key pair in src/dev/keys.
# Needs nothing but bash and openssl. Dev mode (./mvnw quarkus:dev) trusts src/dev/keys/public.pem;
# a production build does not contain this script or the dev key.
#
# Usage: src/dev/token.sh <login> [role,role...] [minutes]
#   login    the user's login; becomes the upn and sub claims
#   roles    comma-separated, from: sales, manager, admin, integration (default: sales)
#   minutes  lifetime of the token (default: 60)
#
# Example: curl -H "Authorization: Bearer $(src/dev/token.sh boss admin)" localhost:8080/api/v1/me
set -euo pipefail

usage() {
    echo "usage: ${0##*/} <login> [role,role...] [minutes]" >&2
    echo "  roles: comma-separated, from sales, manager, admin, integration (default sales)" >&2
    echo "  minutes: token lifetime (default 60)" >&2
    exit 2
}

[[ $# -ge 1 && $# -le 3 && -n "$1" ]] || usage
login=$1
roles=${2:-sales}
minutes=${3:-60}
[[ $minutes =~ ^[1-9][0-9]*$ ]] || { echo "minutes must be a positive integer: $minutes" >&2; exit 2; }

# The script's own directory, without dirname: works from any working directory.
script_path=${BASH_SOURCE[0]}
[[ $script_path == */* ]] && script_dir=${script_path%/*} || script_dir=.
script_dir=$(cd -- "$script_dir" && pwd)
key="$script_dir/keys/private.pem"
[[ -r $key ]] || { echo "private key not found: $key" >&2; exit 1; }

issuer=https://crm.example.com
audience=crm-api

# A JSON string literal: escape backslashes, quotes and control characters.
json_string() {
    local s=$1 out="" c i code
    for ((i = 0; i < ${#s}; i++)); do
        c=${s:i:1}
        case $c in
            '"') out+='\"' ;;
            '\') out+='\\' ;;
            *)
                printf -v code '%d' "'$c"
                if ((code < 32)); then
                    printf -v c '\\u%04x' "$code"
                fi
                out+=$c
                ;;
        esac
    done
    printf '"%s"' "$out"
}

# base64url without padding, from stdin.
b64url() {
    local s
    s=$(openssl base64 -A)
    s=${s//+/-}
    s=${s//\//_}
    printf '%s' "${s%%=*}"
}

groups=""
IFS=',' read -r -a role_list <<<"$roles"
for role in "${role_list[@]}"; do
    role=${role//[[:space:]]/}
    [[ -n $role ]] || continue
    case $role in
        sales | manager | admin | integration) ;;
        *) echo "warning: unknown role '$role' (known: sales, manager, admin, integration)" >&2 ;;
    esac
    groups+="${groups:+,}$(json_string "$role")"
done

printf -v now '%(%s)T' -1
exp=$((now + minutes * 60))
jti=$(openssl rand -hex 16)
login_json=$(json_string "$login")

header='{"alg":"RS256","typ":"JWT"}'
payload="{\"iss\":\"$issuer\",\"aud\":\"$audience\",\"upn\":$login_json,\"sub\":$login_json,\"groups\":[$groups],\"iat\":$now,\"exp\":$exp,\"jti\":\"$jti\"}"

signing_input="$(printf '%s' "$header" | b64url).$(printf '%s' "$payload" | b64url)"
signature=$(printf '%s' "$signing_input" | openssl dgst -sha256 -sign "$key" -binary | b64url)
printf '%s.%s\n' "$signing_input" "$signature"
