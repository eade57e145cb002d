# testca.sh - a test CA and a local HTTPS server for the Store Firmware OOB
# tests (sourced; POSIX sh; needs the openssl command and python3).
#
#   testca_make DIR
#       makes DIR/ca.pem (a self-signed EC P-256 CA, 2 days) and DIR/server.pem
#       + DIR/server.key (a server certificate it issued for IP 127.0.0.1 and
#       DNS localhost).  Call it twice with two folders for "another CA".
#   https_start ROOT CERTDIR WORKDIR
#       starts tests/https-server.py serving ROOT with CERTDIR's server
#       certificate on 127.0.0.1, a port picked free by the system; waits
#       until it listens; sets HTTPS_PORT and HTTPS_PID.  The caller kills it
#       in its trap:  trap 'https_stop' EXIT   (or kill "$HTTPS_PID").
#   https_stop
#       stops the server started by https_start (by its process id).
# Both return non-zero on failure; callers may skip (exit 77) then.

testca_make() {
	_d=$1
	mkdir -p "$_d" || return 1
	openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 \
		-subj "/CN=otaimg test CA" -keyout "$_d/ca.key" -out "$_d/ca.pem" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" >/dev/null 2>&1 || return 1
	openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
		-subj "/CN=127.0.0.1" -keyout "$_d/server.key" -out "$_d/server.csr" \
		>/dev/null 2>&1 || return 1
	printf '%s\n' "subjectAltName=IP:127.0.0.1,DNS:localhost" "basicConstraints=CA:FALSE" \
		"keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" >"$_d/server.ext"
	openssl x509 -req -in "$_d/server.csr" -CA "$_d/ca.pem" -CAkey "$_d/ca.key" \
		-CAcreateserial -days 2 -extfile "$_d/server.ext" -out "$_d/server.pem" \
		>/dev/null 2>&1 || return 1
}

https_start() {
	_root=$1 _certs=$2 _work=$3
	_srcdir=${top_srcdir:-.}
	rm -f "$_work/https.port"
	python3 "$_srcdir/tests/https-server.py" --root "$_root" --cert "$_certs/server.pem" \
		--key "$_certs/server.key" --port-file "$_work/https.port" \
		--log "$_work/https.log" 2>>"$_work/https.log" &
	HTTPS_PID=$!
	_i=0
	while [ ! -s "$_work/https.port" ]; do
		_i=$((_i + 1))
		if [ $_i -gt 100 ] || ! kill -0 "$HTTPS_PID" 2>/dev/null; then
			https_stop
			return 1
		fi
		sleep 0.05
	done
	HTTPS_PORT=$(cat "$_work/https.port")
}

https_stop() {
	if [ -n "${HTTPS_PID:-}" ]; then
		kill "$HTTPS_PID" 2>/dev/null
		wait "$HTTPS_PID" 2>/dev/null
		HTTPS_PID=
	fi
	return 0
}
