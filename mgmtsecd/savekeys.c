/*
 * Wireshark key tables (see savekeys.h).  The algorithm names are the
 * strings Wireshark's ISAKMP and ESP dissectors list for their UAT
 * choices; a line with any other spelling is ignored by Wireshark.
 */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "ikev2/crypto.h"
#include "mgmtsecd/savekeys.h"

static const char *
ws_ike_encr(uint16_t encr, uint16_t keylen)
{
	if (encr == IKE_ENCR_AES_CBC)
		switch (keylen) {
		case 128:
			return "AES-CBC-128 [RFC3602]";
		case 192:
			return "AES-CBC-192 [RFC3602]";
		case 256:
			return "AES-CBC-256 [RFC3602]";
		}
	if (encr == IKE_ENCR_AES_GCM_16)
		switch (keylen) {
		case 128:
			return "AES-GCM-128 with 16 octet ICV [RFC5282]";
		case 192:
			return "AES-GCM-192 with 16 octet ICV [RFC5282]";
		case 256:
			return "AES-GCM-256 with 16 octet ICV [RFC5282]";
		}
	return NULL;
}

static const char *
ws_ike_integ(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_NONE:
		return "NONE [RFC4306]";
	case IKE_INTEG_HMAC_SHA1_96:
		return "HMAC_SHA1_96 [RFC2404]";
	case IKE_INTEG_HMAC_SHA2_256_128:
		return "HMAC_SHA2_256_128 [RFC4868]";
	case IKE_INTEG_HMAC_SHA2_384_192:
		return "HMAC_SHA2_384_192 [RFC4868]";
	case IKE_INTEG_HMAC_SHA2_512_256:
		return "HMAC_SHA2_512_256 [RFC4868]";
	default:
		return NULL;
	}
}

static const char *
ws_esp_encr(uint16_t encr)
{
	switch (encr) {
	case IKE_ENCR_AES_CBC:
		return "AES-CBC [RFC3602]";
	case IKE_ENCR_AES_GCM_16:
		return "AES-GCM with 16 octet ICV [RFC4106]";
	default:
		return NULL;
	}
}

static const char *
ws_esp_integ(uint16_t integ)
{
	switch (integ) {
	case IKE_INTEG_NONE:
		return "NULL";
	case IKE_INTEG_HMAC_SHA1_96:
		return "HMAC-SHA-1-96 [RFC2404]";
	case IKE_INTEG_HMAC_SHA2_256_128:
		return "HMAC-SHA-256-128 [RFC4868]";
	case IKE_INTEG_HMAC_SHA2_384_192:
		return "HMAC-SHA-384-192 [RFC4868]";
	case IKE_INTEG_HMAC_SHA2_512_256:
		return "HMAC-SHA-512-256 [RFC4868]";
	default:
		return NULL;
	}
}

static void
hex(struct buf *out, const uint8_t *p, size_t n)
{
	char	h[2 * 64 + 1];

	if (n > 64)
		n = 64;
	hex_encode(p, n, h);
	buf_add(out, h, 2 * n);
	OPENSSL_cleanse(h, sizeof(h));
}

/* Described in savekeys.h. */
int
dmn_keys_ike_line(const struct ike_keys_export *k, struct buf *out)
{
	const char	*e = ws_ike_encr(k->encr, k->encr_keylen);
	const char	*a = ws_ike_integ(k->integ);

	if (k->esp || e == NULL || a == NULL)
		return -1;
	buf_printf(out, "%016" PRIx64 ",%016" PRIx64 ",", k->spi_i, k->spi_r);
	hex(out, k->encr_i, k->e_len);
	buf_printf(out, ",");
	hex(out, k->encr_r, k->e_len);
	buf_printf(out, ",\"%s\",", e);
	hex(out, k->integ_i, k->a_len);
	buf_printf(out, ",");
	hex(out, k->integ_r, k->a_len);
	buf_printf(out, ",\"%s\"\n", a);
	return out->oom ? -1 : 0;
}

static void
esp_line(struct buf *out, struct in_addr src, struct in_addr dst,
    uint32_t spi, const char *e, const uint8_t *ek, size_t elen,
    const char *a, const uint8_t *ak, size_t alen)
{
	char	s[INET_ADDRSTRLEN], d[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &src, s, sizeof(s));
	inet_ntop(AF_INET, &dst, d, sizeof(d));
	buf_printf(out, "\"IPv4\",\"%s\",\"%s\",\"0x%08x\",\"%s\",\"0x", s, d,
	    spi, e);
	hex(out, ek, elen);
	buf_printf(out, "\",\"%s\",\"%s", a, alen ? "0x" : "");
	hex(out, ak, alen);
	buf_printf(out, "\"\n");
}

/* Described in savekeys.h.  _i holds our outbound SA, _r our inbound. */
int
dmn_keys_esp_lines(const struct ike_keys_export *k, struct buf *out)
{
	const char	*e = ws_esp_encr(k->encr);
	const char	*a = ws_esp_integ(k->integ);

	if (!k->esp || e == NULL || a == NULL)
		return -1;
	esp_line(out, k->local, k->remote, k->spi_out, e, k->encr_i, k->e_len,
	    a, k->integ_i, k->a_len);
	esp_line(out, k->remote, k->local, k->spi_in, e, k->encr_r, k->e_len,
	    a, k->integ_r, k->a_len);
	return out->oom ? -1 : 0;
}

/* Described in savekeys.h. */
int
dmn_savekeys_write(const char *dir, const struct ike_keys_export *k,
    char *err, size_t errlen)
{
	struct buf	 b = { 0 };
	char		 path[4096];
	int		 fd = -1, rc = -1;
	ssize_t		 w;

	if ((k->esp ? dmn_keys_esp_lines(k, &b) :
	    dmn_keys_ike_line(k, &b)) == -1) {
		snprintf(err, errlen, "no Wireshark name for these algorithms");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", dir,
	    k->esp ? DMN_ESP_TABLE : DMN_IKE_TABLE);
	fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
	if (fd == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	w = write(fd, b.data, b.len);
	if (w != (ssize_t)b.len) {
		snprintf(err, errlen, "%s: short write", path);
		goto out;
	}
	rc = 0;
out:
	if (fd != -1)
		close(fd);
	buf_free(&b);
	return rc;
}
