#!/bin/sh
# Makes the test PKI with the openssl command line, in DIR (created):
#
#   ca.pem ca.key            the root CA ("mgmtsec test CA")
#   r1.pem r1.key            router 1: IP SANs 198.51.100.1 (unit harness)
#                            and 198.51.100.5 (seed, netns)
#   r2.pem r2.key            router 2: 198.51.100.2 and 198.51.100.21
#   r1chain.pem r1chain.key  router 1 issued by an intermediate CA: the
#                            file holds the certificate then int.pem
#   r2-expired.pem           router 2 (key r2.key), expired a day ago
#   r2-future.pem            router 2, valid only from next year
#   r2-otherca.pem           router 2 issued by another CA (ca2)
#   r2-wrongsan.pem          router 2 with SAN 203.0.113.9 only
#   r2-viant.pem             router 2 issued by a CA:false certificate
#                            (file: leaf then notca.pem as intermediate)
#   r2-weak.pem r2-weak.key  router 2 with a 1024-bit key
#   r2-ku.pem                router 2 whose key usage is keyEncipherment
#   r2-loop.pem              router 2 issued by X, where X and Y issue
#                            each other (file: leaf, X, Y)
#   r2-aia.pem               router 2 issued by the intermediate (int.pem),
#                            with AIA caIssuers and OCSP URLs and a CRL
#                            distribution point (http://192.0.2.1/...)
#
# Validity: from a day ago for ten years unless said otherwise.  RSA 2048
# throughout (but r2-weak).  Usage: mkpki.sh DIR.  Needs only openssl.
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
if [ -f done ]; then
	exit 0
fi

key() {
	openssl genpkey -algorithm RSA -pkeyopt "rsa_keygen_bits:${2:-2048}" \
	    -out "$1" 2>/dev/null
}

# A minimal `openssl ca` setup per issuing CA (dates need `ca`, not x509).
ca_setup() {
	# $1 = name, $2 = cert, $3 = key
	mkdir -p "db-$1"
	: > "db-$1/index.txt"
	echo 1000 > "db-$1/serial"
	cat > "db-$1/ca.cnf" <<EOF
[ ca ]
default_ca = this
[ this ]
database = db-$1/index.txt
serial = db-$1/serial
new_certs_dir = db-$1
certificate = $2
private_key = $3
default_md = sha256
policy = anything
unique_subject = no
copy_extensions = none
[ anything ]
organizationName = optional
commonName = supplied
[ leaf ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ leaf_aia ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature
authorityInfoAccess = caIssuers;URI:http://192.0.2.1/int.crt, OCSP;URI:http://192.0.2.1/ocsp
crlDistributionPoints = URI:http://192.0.2.1/int.crl
[ leaf_ku ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, keyEncipherment
[ subca ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[ notca ]
basicConstraints = critical, CA:FALSE
keyUsage = critical, digitalSignature, keyCertSign
EOF
}

# issue CA OUT KEY CN SANS EXT START END
issue() {
	openssl req -new -key "$3" -subj "/O=mgmtsec test/CN=$4" \
	    -out "$2.csr" 2>/dev/null
	ext=$6
	if [ -n "$5" ]; then
		cp "db-$1/ca.cnf" "db-$1/ca-$2.cnf"
		sed -n "/^\[ $6 \]/,/^\[/p" "db-$1/ca.cnf" | sed '$d' |
		    sed "s/^\[ $6 \]/[ x_$6 ]/" >> "db-$1/ca-$2.cnf"
		echo "subjectAltName = $5" >> "db-$1/ca-$2.cnf"
		ext=x_$6
		cnf=db-$1/ca-$2.cnf
	else
		cnf=db-$1/ca.cnf
	fi
	openssl ca -batch -notext -config "$cnf" -extensions "$ext" \
	    -startdate "$7" -enddate "$8" -in "$2.csr" -out "$2" 2>/dev/null
	rm -f "$2.csr"
}

# Dates: a day ago, in ten years, two days ago, next year.
ago=$(date -u -d '-1 day' +%Y%m%d%H%M%SZ)
ago2=$(date -u -d '-2 days' +%Y%m%d%H%M%SZ)
later=$(date -u -d '+10 years' +%Y%m%d%H%M%SZ)
next=$(date -u -d '+1 year' +%Y%m%d%H%M%SZ)
next2=$(date -u -d '+2 years' +%Y%m%d%H%M%SZ)

root() {
	# $1 name, $2 CN
	key "$1.key"
	openssl req -new -x509 -key "$1.key" -subj "/O=mgmtsec test/CN=$2" \
	    -days 3650 -sha256 -addext "basicConstraints=critical,CA:TRUE" \
	    -addext "keyUsage=critical,keyCertSign,cRLSign" -out "$1.pem" \
	    2>/dev/null
	ca_setup "$1" "$1.pem" "$1.key"
}

root ca "mgmtsec test CA"
root ca2 "another CA"

key r1.key
key r2.key
key r2-weak.key 1024
issue ca r1.pem r1.key router1 "IP:198.51.100.1, IP:198.51.100.5" leaf \
    "$ago" "$later"
issue ca r2.pem r2.key router2 "IP:198.51.100.2, IP:198.51.100.21" leaf \
    "$ago" "$later"
r2san="IP:198.51.100.2, IP:198.51.100.21"
issue ca r2-expired.pem r2.key router2 "$r2san" leaf "$ago2" "$ago"
issue ca r2-future.pem r2.key router2 "$r2san" leaf "$next" "$next2"
issue ca2 r2-otherca.pem r2.key router2 "$r2san" leaf "$ago" "$later"
issue ca r2-wrongsan.pem r2.key router2 "IP:203.0.113.9" leaf "$ago" "$later"
issue ca r2-weak.pem r2-weak.key router2 "$r2san" leaf "$ago" "$later"
issue ca r2-ku.pem r2.key router2 "$r2san" leaf_ku "$ago" "$later"

# An intermediate CA, and router 1 under it.
key int.key
issue ca int.pem int.key "mgmtsec intermediate" "" subca "$ago" "$later"
ca_setup int int.pem int.key
key r1chain.key
issue int r1chain-leaf.pem r1chain.key router1 \
    "IP:198.51.100.1, IP:198.51.100.5" leaf "$ago" "$later"
cat r1chain-leaf.pem int.pem > r1chain.pem
# Router 2 under the intermediate, naming URLs for its issuer (AIA), an
# OCSP responder and a CRL: what a fetching validator would go to.
issue int r2-aia.pem r2.key router2 "$r2san" leaf_aia "$ago" "$later"

# A CA:false certificate used as an intermediate.
key notca.key
issue ca notca.pem notca.key "not a CA" "" notca "$ago" "$later"
ca_setup notca notca.pem notca.key
issue notca r2-viant-leaf.pem r2.key router2 "$r2san" leaf "$ago" "$later"
cat r2-viant-leaf.pem notca.pem > r2-viant.pem

# A loop: X issued by Y, Y issued by X, the leaf by X.
key x.key
key y.key
openssl req -new -x509 -key y.key -subj "/O=mgmtsec test/CN=loop Y" \
    -days 3650 -out y0.pem 2>/dev/null
openssl req -new -key x.key -subj "/O=mgmtsec test/CN=loop X" \
    -out x.csr 2>/dev/null
printf 'basicConstraints=critical,CA:TRUE\nkeyUsage=keyCertSign\n' > ca.ext
openssl x509 -req -in x.csr -CA y0.pem -CAkey y.key -set_serial 7 \
    -days 3650 -extfile ca.ext -out x.pem 2>/dev/null
openssl req -new -key y.key -subj "/O=mgmtsec test/CN=loop Y" \
    -out y.csr 2>/dev/null
openssl x509 -req -in y.csr -CA x.pem -CAkey x.key -set_serial 8 \
    -days 3650 -extfile ca.ext -out y.pem 2>/dev/null
ca_setup x x.pem x.key
issue x r2-loop-leaf.pem r2.key router2 "$r2san" leaf "$ago" "$later"
cat r2-loop-leaf.pem x.pem y.pem > r2-loop.pem
rm -f x.csr y.csr y0.pem ca.ext

touch done
