#!/bin/sh
# nginx-render.sh -- the nginx service's command in compose.yaml: renders the template shared
# with the local stack (nginx/nginx.conf.in, mounted at /etc/billboard/nginx.conf.in) for the
# nginx:1.22 container, then runs nginx in the foreground. With --print it only writes the
# rendered configuration to stdout (tests/e2e/test_nginx_conf.py).
#   BILLBOARD_NGINX_TEMPLATE=/etc/billboard/nginx.conf.in   the template
#   BILLBOARD_NGINX_CONF=/etc/nginx/nginx.conf              where the result goes
set -eu
TEMPLATE=${BILLBOARD_NGINX_TEMPLATE:-/etc/billboard/nginx.conf.in}
CONF=${BILLBOARD_NGINX_CONF:-/etc/nginx/nginx.conf}

# The image links /var/log/nginx/error.log to stderr and access.log to stdout; the API's
# socket is on the api-socket volume; MinIO is the service "minio", found through Docker's DNS.
render() {
    sed -e 's|@DAEMON@|off|g' -e 's|@USER@|nginx|g' -e 's|@PID@|/var/run/nginx.pid|g' \
        -e 's|@ERROR_LOG@|/var/log/nginx/error.log|g' \
        -e 's|@ACCESS_LOG@|/var/log/nginx/access.log|g' -e 's|@TEMP@|/var/cache/nginx|g' \
        -e 's|@LISTEN@|8080|g' -e 's|@SOCKET@|/run/billboard/api.sock|g' \
        -e 's|@STATIC@|/usr/share/billboard/static|g' -e 's|@S3_URL@|http://minio:9000|g' \
        -e 's|@DOCS@|/usr/share/billboard/docs|g' \
        -e 's|@SWAGGER_UI@|/usr/share/billboard/swagger-ui|g' \
        -e 's|@S3_RESOLVER@|resolver 127.0.0.11 valid=30s ipv6=off;|g' \
        -e 's|@FCGI_KEEP_CONN@|off|g' -e 's|@FCGI_KEEPALIVE@|1|g' "$TEMPLATE"
}

if [ "${1:-}" = --print ]; then
    render
    exit 0
fi
render >"$CONF.tmp"
mv "$CONF.tmp" "$CONF"
exec nginx
