/*
 * THE configuration grammar (SPEC section 3): one static table of rows,
 * plus the typed-argument checks and the small key/value helpers that
 * read and write item keys through it.  Everything here is pure.
 *
 * Row order inside a parent is the grammar order; `order` is where the
 * row renders inside its parent: the seed's Running Configuration order
 * first, then the rest in grammar order (SPEC section 5).
 */
#include "config.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "cfgdb/schema.h"

/* Argument types. */
static const struct cfg_argdef a_name = { .type = CFG_T_NAME, .min = 1,
	.max = 32 };
static const struct cfg_argdef a_host = { .type = CFG_T_HOST, .min = 1,
	.max = 63 };
static const struct cfg_argdef a_ipv4 = { .type = CFG_T_IPV4 };
static const struct cfg_argdef a_mask = { .type = CFG_T_MASK };
static const struct cfg_argdef a_addrmask = { .type = CFG_T_ADDRMASK };
static const struct cfg_argdef a_prefix = { .type = CFG_T_PREFIX };
static const struct cfg_argdef a_psk = { .type = CFG_T_PSK, .min = 1,
	.max = 128 };
static const struct cfg_argdef a_ifname = { .type = CFG_T_IFNAME,
	.ref = CFG_R_INTERFACE, .min = 0, .max = 65535 };
static const struct cfg_argdef a_srcif = { .type = CFG_T_SRCIF, .min = 1,
	.max = 64 };
static const struct cfg_argdef a_text = { .type = CFG_T_TEXT, .min = 1,
	.max = 240 };
static const struct cfg_argdef a_path = { .type = CFG_T_PATH, .min = 1,
	.max = 1024 };
static const struct cfg_argdef a_dn = { .type = CFG_T_TEXT, .min = 1,
	.max = 512 };

#define REF(row)	{ .type = CFG_T_NAME, .min = 1, .max = 32, .ref = (row) }
static const struct cfg_argdef a_ref_proposal = REF(CFG_R_PROPOSAL);
static const struct cfg_argdef a_ref_keyring = REF(CFG_R_KEYRING);
static const struct cfg_argdef a_ref_trustpoint = REF(CFG_R_TRUSTPOINT);
static const struct cfg_argdef a_ref_profile = REF(CFG_R_PROFILE);
static const struct cfg_argdef a_ref_tset = REF(CFG_R_TSET);
static const struct cfg_argdef a_ref_ipsecprof = REF(CFG_R_IPSECPROF);

#define RANGE(lo, hi)	{ .type = CFG_T_RANGE, .min = (lo), .max = (hi) }
static const struct cfg_argdef a_lifetime = RANGE(120, 86400);
static const struct cfg_argdef a_dpd_int = RANGE(10, 3600);
static const struct cfg_argdef a_dpd_retry = RANGE(2, 60);
static const struct cfg_argdef a_mtu = RANGE(68, 9216);
static const struct cfg_argdef a_exec_min = RANGE(0, 35791);
static const struct cfg_argdef a_exec_sec = RANGE(0, 2147483);
static const struct cfg_argdef a_abs_min = RANGE(0, 10000);

#define ENUM(v)		{ .type = CFG_T_ENUM, .vals = (v) }
#define ENUMM(v, k)	{ .type = CFG_T_ENUM, .vals = (v), .mkind = (k) }

/*
 * Enumerated values.  An algorithm's value says what it means (schema.h,
 * struct cfg_meaning): its IANA number and key length, and the names the
 * shell shows for that number.  Adding an algorithm is one value here
 * plus its crypto backend (ikev2/crypto.c, ikev2/dh.c);
 * tests/unit/vocab_test.c checks that the two agree.
 */
#define V(w, h)		{ .word = (w), .help = (h) }
#define VEND		{ .word = NULL }
/* A value refused at commit, with the reason (schema.h). */
#define VREFUSED(w, h, why) { .word = (w), .help = (h), .refused = (why) }
/* A value with its meanings. */
#define VM(w, h, ...)	{ .word = (w), .help = (h), .mean = { __VA_ARGS__ } }
#define VMF(w, h, f, ...) { .word = (w), .help = (h), .flags = (f), \
			  .mean = { __VA_ARGS__ } }
#define MEAN(k, i, kl, sh, shi) { .kind = (k), .id = (i), .keylen = (kl), \
			  .show = (sh), .show_ipsec = (shi) }
#define ENCR(i, kl, sh, shi)	MEAN(CFG_MK_ENCR, i, kl, sh, shi)
#define PRF(i, sh)		MEAN(CFG_MK_PRF, i, 0, sh, NULL)
#define INTEG(i, sh, shi)	MEAN(CFG_MK_INTEG, i, 0, sh, shi)
#define DH(i, sh, shi)		MEAN(CFG_MK_DH, i, 0, sh, shi)
#define AUTH(i, sh)		MEAN(CFG_MK_AUTH, i, 0, sh, NULL)

#define H_GCM		"(16-octet ICV)"
static const struct cfg_enum v_enc[] = {
	VM("aes-cbc-128", "AES-CBC with a 128-bit key",
	    ENCR(IANA_ENCR_AES_CBC, 128, "AES-CBC", NULL)),
	VM("aes-cbc-192", "AES-CBC with a 192-bit key",
	    ENCR(IANA_ENCR_AES_CBC, 192, "AES-CBC", NULL)),
	VM("aes-cbc-256", "AES-CBC with a 256-bit key",
	    ENCR(IANA_ENCR_AES_CBC, 256, "AES-CBC", NULL)),
	VMF("aes-gcm-128", "AES-GCM " H_GCM " with a 128-bit key",
	    CFG_EF_AEAD, ENCR(IANA_ENCR_AES_GCM_16, 128, "AES-GCM", NULL)),
	VMF("aes-gcm-256", "AES-GCM " H_GCM " with a 256-bit key",
	    CFG_EF_AEAD, ENCR(IANA_ENCR_AES_GCM_16, 256, "AES-GCM", NULL)),
	VEND
};
/* One word names the HMAC as PRF and as integrity algorithm. */
static const struct cfg_enum v_hash[] = {
	VM("sha-1", "SHA-1 (HMAC)", PRF(IANA_PRF_HMAC_SHA1, "SHA1"),
	    INTEG(IANA_INTEG_HMAC_SHA1_96, "SHA1", NULL)),
	VM("sha-256", "SHA-256 (HMAC)", PRF(IANA_PRF_HMAC_SHA2_256, "SHA256"),
	    INTEG(IANA_INTEG_HMAC_SHA2_256_128, "SHA256", NULL)),
	VM("sha-384", "SHA-384 (HMAC)", PRF(IANA_PRF_HMAC_SHA2_384, "SHA384"),
	    INTEG(IANA_INTEG_HMAC_SHA2_384_192, "SHA384", NULL)),
	VM("sha-512", "SHA-512 (HMAC)", PRF(IANA_PRF_HMAC_SHA2_512, "SHA512"),
	    INTEG(IANA_INTEG_HMAC_SHA2_512_256, "SHA512", NULL)),
	VEND
};
#define H_P256		"256-bit random ECP group (NIST P-256)"
#define H_P384		"384-bit random ECP group (NIST P-384)"
#define H_P521		"521-bit random ECP group (NIST P-521)"
static const struct cfg_enum v_dh[] = {
	VM("19", H_P256, DH(IANA_DH_ECP_256, "19", NULL)),
	VM("20", H_P384, DH(IANA_DH_ECP_384, "20", NULL)),
	VM("21", H_P521, DH(IANA_DH_ECP_521, "21", NULL)),
	VEND
};
static const struct cfg_enum v_fvrf[] = {
	V("any", "Any front door VRF (the default VRF)"),
	VEND
};
static const struct cfg_enum v_pskform[] = {
	V("clear", "The key that follows is in clear text"),
	V("password", "The key that follows is encrypted (type 7)"),
	VEND
};
/* rsa-signature verifies either signature method of RFC 7427. */
static const struct cfg_enum v_auth[] = {
	VM("pre-shared", "Pre-shared key",
	    AUTH(IANA_AUTH_SHARED_KEY_MIC, "PSK")),
	VM("rsa-signature", "RSA signature (X.509v3 certificates)",
	    AUTH(IANA_AUTH_RSA_SIG, "RSA"),
	    AUTH(IANA_AUTH_DIGITAL_SIGNATURE, "RSA")),
	VEND
};
static const struct cfg_enum v_tsmode[] = {
	V("tunnel", "Tunnel mode (the default and only supported mode)"),
	VREFUSED("transport", "Transport mode (not supported)",
	    "Transport mode is not supported: IPsec for management traffic "
	    "uses tunnel mode only (mode tunnel)"),
	VEND
};
static const struct cfg_enum v_espenc[] = {
	VM("esp-128-aes", "ESP with 128-bit AES-CBC",
	    ENCR(IANA_ENCR_AES_CBC, 128, "AES-CBC", "ESP_128_AES")),
	VM("esp-192-aes", "ESP with 192-bit AES-CBC",
	    ENCR(IANA_ENCR_AES_CBC, 192, "AES-CBC", "ESP_192_AES")),
	VM("esp-256-aes", "ESP with 256-bit AES-CBC",
	    ENCR(IANA_ENCR_AES_CBC, 256, "AES-CBC", "ESP_256_AES")),
	/*
	 * AES-GCM authenticates by itself: `transform esp-gcm-256`, without
	 * AUTH.  SPEC section 8 does not fix how show ipsec sa names it;
	 * ESP_128_GCM and ESP_256_GCM follow ESP_128_AES.
	 */
	VMF("esp-gcm-128", "ESP with 128-bit AES-GCM " H_GCM, CFG_EF_AEAD,
	    ENCR(IANA_ENCR_AES_GCM_16, 128, "AES-GCM", "ESP_128_GCM")),
	VMF("esp-gcm-256", "ESP with 256-bit AES-GCM " H_GCM, CFG_EF_AEAD,
	    ENCR(IANA_ENCR_AES_GCM_16, 256, "AES-GCM", "ESP_256_GCM")),
	VEND
};
#define M_ESP_SHA1	INTEG(IANA_INTEG_HMAC_SHA1_96, "SHA1", "HMAC_SHA1")
static const struct cfg_enum v_espauth[] = {
	VM("esp-hmac-sha1", "ESP with HMAC-SHA1-96", M_ESP_SHA1),
	{ .word = "esp-hmac-sha-1", .help = "ESP with HMAC-SHA1-96",
	  .canon = "esp-hmac-sha1", .mean = { M_ESP_SHA1 } },
	VM("esp-hmac-sha-256", "ESP with HMAC-SHA256-128",
	    INTEG(IANA_INTEG_HMAC_SHA2_256_128, "SHA256", "HMAC_SHA_256")),
	VM("esp-hmac-sha-384", "ESP with HMAC-SHA384-192",
	    INTEG(IANA_INTEG_HMAC_SHA2_384_192, "SHA384", "HMAC_SHA_384")),
	VM("esp-hmac-sha-512", "ESP with HMAC-SHA512-256",
	    INTEG(IANA_INTEG_HMAC_SHA2_512_256, "SHA512", "HMAC_SHA_512")),
	VEND
};
static const struct cfg_enum v_pfs[] = {
	VM("group19", H_P256, DH(IANA_DH_ECP_256, "19", "group19")),
	VM("group20", H_P384, DH(IANA_DH_ECP_384, "20", "group20")),
	VM("group21", H_P521, DH(IANA_DH_ECP_521, "21", "group21")),
	VEND
};
static const struct cfg_enum v_tmode[] = {
	V("ipsec", "IPsec tunnel (VTI)"),
	VREFUSED("gre", "GRE tunnel (not supported)",
	    "GRE tunnels are not supported (tunnel mode ipsec ipv4)"),
	VEND
};
static const struct cfg_enum v_tfamily[] = {
	V("ipv4", "IPv4 transport"),
	VREFUSED("ipv6", "IPv6 transport (not supported)",
	    "Only IPv4 transport is supported (tunnel mode ipsec ipv4)"),
	VEND
};
static const struct cfg_enum v_line[] = {
	V("console", "The console line template"),
	V("default", "The default line template"),
	VEND
};
static const struct cfg_argdef a_enc = ENUMM(v_enc, CFG_MK_ENCR);
static const struct cfg_argdef a_prf = ENUMM(v_hash, CFG_MK_PRF);
static const struct cfg_argdef a_integ = ENUMM(v_hash, CFG_MK_INTEG);
static const struct cfg_argdef a_dh = { .type = CFG_T_ENUM, .vals = v_dh,
	.exact = 1, .mkind = CFG_MK_DH };
static const struct cfg_argdef a_fvrf = ENUM(v_fvrf);
static const struct cfg_argdef a_pskform = ENUM(v_pskform);
static const struct cfg_argdef a_auth = ENUMM(v_auth, CFG_MK_AUTH);
static const struct cfg_argdef a_tsmode = ENUM(v_tsmode);
static const struct cfg_argdef a_espenc = ENUMM(v_espenc, CFG_MK_ENCR);
static const struct cfg_argdef a_espauth = ENUMM(v_espauth, CFG_MK_INTEG);
static const struct cfg_argdef a_pfs = ENUMM(v_pfs, CFG_MK_DH);
static const struct cfg_argdef a_tmode = ENUM(v_tmode);
static const struct cfg_argdef a_tfamily = ENUM(v_tfamily);
static const struct cfg_argdef a_line = ENUM(v_line);

/* Token and row builders (short local names of schema.h's). */
#define KW		CFG_KW
#define KWF		CFG_KWF
#define ARG		CFG_ARG
#define ARGF		CFG_ARGF
#define KEY(n, h, a)	CFG_ARGF(n, h, a, CFG_TF_KEY)
#define TOKS		CFG_TOKS

/* Help texts of keywords that several rows share. */
#define H_IKEV2		"Configure IKEv2"
#define H_IPSEC		"Configure IPsec"
#define H_MATCH		"Match values of the peer or the local system"
#define H_PSK		"Pre-shared key"
#define H_AUTH		"Authentication method"
#define H_TUNNEL	"Tunnel properties"
#define H_SET		"Set a parameter of this profile"
#define H_IDENTITY	"Match the identity of the peer"
#define H_REMOTE	"The remote side"

const struct cfg_row cfg_schema[CFG_R_COUNT] = {
	[CFG_R_ROOT] = { .id = CFG_R_ROOT, .kind = CFG_K_ROOT,
	    .what = "configuration" },

	[CFG_R_HOSTNAME] = { .id = CFG_R_HOSTNAME, .kind = CFG_K_LEAF,
	    .order = 1, .defval = "ios", .what = "hostname",
	    TOKS(KW("hostname", "Set the system's network name"),
		ARG("NAME", "This system's network name", a_host)) },

	/* ikev2 proposal NAME */
	[CFG_R_PROPOSAL] = { .id = CFG_R_PROPOSAL, .kind = CFG_K_LIST,
	    .order = 2, .prompt = "ikev2-proposal-%s",
	    .what = "ikev2 proposal",
	    TOKS(KW("ikev2", H_IKEV2),
		KW("proposal", "Configure an IKEv2 proposal"),
		KEY("NAME", "Name of the proposal", a_name)) },
	[CFG_R_PROP_PRF] = { .id = CFG_R_PROP_PRF, .parent = CFG_R_PROPOSAL,
	    .kind = CFG_K_MULTI, .order = 1,
	    TOKS(KW("prf", "Pseudo-random function(s), in preference order"),
		ARGF("ALG", "PRF algorithm", a_prf, CFG_TF_REPEAT)) },
	[CFG_R_PROP_DH] = { .id = CFG_R_PROP_DH, .parent = CFG_R_PROPOSAL,
	    .kind = CFG_K_MULTI, .order = 2,
	    TOKS(KW("dh-group", "Diffie-Hellman group(s), in preference order"),
		ARGF("GROUP", "DH group", a_dh, CFG_TF_REPEAT)) },
	[CFG_R_PROP_INTEG] = { .id = CFG_R_PROP_INTEG,
	    .parent = CFG_R_PROPOSAL, .kind = CFG_K_MULTI, .order = 3,
	    TOKS(KW("integrity",
		"Integrity algorithm(s), in preference order"),
		ARGF("ALG", "Integrity algorithm", a_integ, CFG_TF_REPEAT)) },
	[CFG_R_PROP_ENC] = { .id = CFG_R_PROP_ENC, .parent = CFG_R_PROPOSAL,
	    .kind = CFG_K_MULTI, .order = 4,
	    TOKS(KW("encryption",
		"Encryption algorithm(s), in preference order"),
		ARGF("ALG", "Encryption algorithm", a_enc, CFG_TF_REPEAT)) },

	/* ikev2 policy NAME */
	[CFG_R_POLICY] = { .id = CFG_R_POLICY, .kind = CFG_K_LIST,
	    .order = 3, .prompt = "ikev2-policy-%s", .what = "ikev2 policy",
	    TOKS(KW("ikev2", H_IKEV2),
		KW("policy", "Configure an IKEv2 policy"),
		KEY("NAME", "Name of the policy", a_name)) },
	[CFG_R_POL_LOCAL] = { .id = CFG_R_POL_LOCAL, .parent = CFG_R_POLICY,
	    .kind = CFG_K_MULTI, .order = 1, .rflags = CFG_RF_PER_VALUE,
	    TOKS(KW("match", H_MATCH),
		KW("address", "Match an address"),
		KW("local", "Local address this policy serves"),
		ARG("A.B.C.D", "Local IPv4 address", a_ipv4)) },
	[CFG_R_POL_PROPOSAL] = { .id = CFG_R_POL_PROPOSAL,
	    .parent = CFG_R_POLICY, .kind = CFG_K_MULTI, .order = 2,
	    .rflags = CFG_RF_PER_VALUE,
	    TOKS(KW("proposal", "IKEv2 proposal(s), in preference order"),
		ARGF("NAME", "Name of an IKEv2 proposal", a_ref_proposal,
		    CFG_TF_REPEAT)) },
	[CFG_R_POL_FVRF] = { .id = CFG_R_POL_FVRF, .parent = CFG_R_POLICY,
	    .kind = CFG_K_LEAF, .order = 3, .rflags = CFG_RF_NEVER,
	    .defval = "any",
	    TOKS(KW("match", H_MATCH),
		KW("fvrf", "Match the front door VRF"),
		ARG("VRF", "Front door VRF", a_fvrf)) },

	/* keyring NAME, peer NAME */
	[CFG_R_KEYRING] = { .id = CFG_R_KEYRING, .kind = CFG_K_LIST,
	    .order = 4, .prompt = "ikev2-keyring-%s", .what = "keyring",
	    TOKS(KW("keyring", "Configure an IKEv2 keyring"),
		KEY("NAME", "Name of the keyring", a_name)) },
	[CFG_R_PEER] = { .id = CFG_R_PEER, .parent = CFG_R_KEYRING,
	    .kind = CFG_K_LIST, .order = 1,
	    .prompt = "ikev2-keyring-peer-%s", .what = "peer",
	    TOKS(KW("peer", "Configure a peer and its key"),
		KEY("NAME", "Name of the peer", a_name)) },
	[CFG_R_PEER_PSK] = { .id = CFG_R_PEER_PSK, .parent = CFG_R_PEER,
	    .kind = CFG_K_LEAF, .order = 1,
	    TOKS(KW("pre-shared-key", H_PSK),
		ARGF("FORM", "Key form", a_pskform, CFG_TF_OPT),
		ARG("KEY", "The pre-shared key (1-128 characters)", a_psk)) },
	[CFG_R_PEER_ADDRESS] = { .id = CFG_R_PEER_ADDRESS,
	    .parent = CFG_R_PEER, .kind = CFG_K_LEAF, .order = 2,
	    TOKS(KW("address", "Address of the peer"),
		ARG("A.B.C.D", "IPv4 address of the peer", a_addrmask)) },
	[CFG_R_PEER_PSK_LOCAL] = { .id = CFG_R_PEER_PSK_LOCAL,
	    .parent = CFG_R_PEER, .kind = CFG_K_LEAF, .order = 3,
	    TOKS(KW("pre-shared-key", H_PSK),
		KW("local", "Key this system authenticates with"),
		ARGF("FORM", "Key form", a_pskform, CFG_TF_OPT),
		ARG("KEY", "The pre-shared key (1-128 characters)", a_psk)) },
	[CFG_R_PEER_PSK_REMOTE] = { .id = CFG_R_PEER_PSK_REMOTE,
	    .parent = CFG_R_PEER, .kind = CFG_K_LEAF, .order = 4,
	    TOKS(KW("pre-shared-key", H_PSK),
		KW("remote", "Key the peer authenticates with"),
		ARGF("FORM", "Key form", a_pskform, CFG_TF_OPT),
		ARG("KEY", "The pre-shared key (1-128 characters)", a_psk)) },

	/* ikev2 profile NAME */
	[CFG_R_PROFILE] = { .id = CFG_R_PROFILE, .kind = CFG_K_LIST,
	    .order = 5, .prompt = "ikev2-profile-%s",
	    .what = "ikev2 profile",
	    TOKS(KW("ikev2", H_IKEV2),
		KW("profile", "Configure an IKEv2 profile"),
		KEY("NAME", "Name of the profile", a_name)) },
	[CFG_R_PROF_AUTH_LOCAL] = { .id = CFG_R_PROF_AUTH_LOCAL,
	    .parent = CFG_R_PROFILE, .kind = CFG_K_LEAF, .order = 1,
	    .defval = "pre-shared",
	    TOKS(KW("authentication", H_AUTH),
		KW("local", "How this system authenticates itself"),
		ARG("METHOD", H_AUTH, a_auth)) },
	[CFG_R_PROF_KEYRING] = { .id = CFG_R_PROF_KEYRING,
	    .parent = CFG_R_PROFILE, .kind = CFG_K_LEAF, .order = 2,
	    TOKS(KW("keyring", "Keyring of the pre-shared keys"),
		ARG("NAME", "Name of a keyring", a_ref_keyring)) },
	[CFG_R_PROF_LIFETIME] = { .id = CFG_R_PROF_LIFETIME,
	    .parent = CFG_R_PROFILE, .kind = CFG_K_LEAF, .order = 3,
	    .defval = "86400",
	    TOKS(KW("lifetime", "Lifetime of the IKE SA"),
		ARG("SECONDS", "Lifetime in seconds", a_lifetime)) },
	[CFG_R_PROF_MATCH_ADDR] = { .id = CFG_R_PROF_MATCH_ADDR,
	    .parent = CFG_R_PROFILE, .kind = CFG_K_LEAF, .order = 4,
	    TOKS(KW("match", H_MATCH),
		KW("identity", H_IDENTITY),
		KW("remote", H_REMOTE),
		KW("address", "Match an IPv4 address identity"),
		KEY("A.B.C.D", "IPv4 address", a_ipv4),
		ARGF("M.M.M.M", "IPv4 mask", a_mask, CFG_TF_OPT)) },
	[CFG_R_PROF_AUTH_REMOTE] = { .id = CFG_R_PROF_AUTH_REMOTE,
	    .parent = CFG_R_PROFILE, .kind = CFG_K_LEAF, .order = 5,
	    TOKS(KW("authentication", H_AUTH),
		KW("remote", "How the peer must authenticate"),
		ARG("METHOD", H_AUTH, a_auth)) },
	[CFG_R_PROF_MATCH_ANY] = { .id = CFG_R_PROF_MATCH_ANY,
	    .parent = CFG_R_PROFILE, .kind = CFG_K_FLAG, .order = 6,
	    TOKS(KW("match", H_MATCH),
		KW("identity", H_IDENTITY),
		KW("remote", H_REMOTE),
		KW("any", "Match any peer identity")) },
	[CFG_R_PROF_PKI] = { .id = CFG_R_PROF_PKI, .parent = CFG_R_PROFILE,
	    .kind = CFG_K_LEAF, .order = 7,
	    TOKS(KW("pki", "Public key infrastructure"),
		KW("trustpoint", "Trustpoint for certificate authentication"),
		ARG("NAME", "Name of a crypto ca trustpoint",
		    a_ref_trustpoint)) },
	[CFG_R_PROF_DPD] = { .id = CFG_R_PROF_DPD, .parent = CFG_R_PROFILE,
	    .kind = CFG_K_LEAF, .order = 8,
	    TOKS(KW("dpd", "Dead peer detection"),
		ARG("INTERVAL", "Seconds between liveness checks",
		    a_dpd_int),
		ARG("RETRY", "Seconds between retries", a_dpd_retry)) },

	/* crypto ca trustpoint NAME */
	[CFG_R_TRUSTPOINT] = { .id = CFG_R_TRUSTPOINT, .kind = CFG_K_LIST,
	    .order = 6, .prompt = "trustpoint-%s",
	    .what = "crypto ca trustpoint",
	    TOKS(KW("crypto", "Cryptographic configuration"),
		KW("ca", "Certification authority"),
		KW("trustpoint", "Configure a trustpoint"),
		KEY("NAME", "Name of the trustpoint", a_name)) },
	[CFG_R_TP_CA] = { .id = CFG_R_TP_CA, .parent = CFG_R_TRUSTPOINT,
	    .kind = CFG_K_LEAF, .order = 1,
	    TOKS(KW("ca-certificate", "CA certificate file (PEM)"),
		ARG("PATH", "File name", a_path)) },
	[CFG_R_TP_CERT] = { .id = CFG_R_TP_CERT, .parent = CFG_R_TRUSTPOINT,
	    .kind = CFG_K_LEAF, .order = 2,
	    TOKS(KW("certificate", "This system's certificate file (PEM)"),
		ARG("PATH", "File name", a_path)) },
	[CFG_R_TP_KEY] = { .id = CFG_R_TP_KEY, .parent = CFG_R_TRUSTPOINT,
	    .kind = CFG_K_LEAF, .order = 3,
	    TOKS(KW("private-key", "This system's private key file (PEM)"),
		ARG("PATH", "File name", a_path)) },
	[CFG_R_TP_SUBJECT] = { .id = CFG_R_TP_SUBJECT,
	    .parent = CFG_R_TRUSTPOINT, .kind = CFG_K_LEAF, .order = 4,
	    TOKS(KW("subject-name", "Expected subject of the certificate"),
		ARG("LINE", "Distinguished name", a_dn)) },

	/* ipsec transform-set NAME */
	[CFG_R_TSET] = { .id = CFG_R_TSET, .kind = CFG_K_LIST, .order = 7,
	    .prompt = "ipsec-transform-set-%s",
	    .what = "ipsec transform-set",
	    TOKS(KW("ipsec", H_IPSEC),
		KW("transform-set", "Configure a transform set"),
		KEY("NAME", "Name of the transform set", a_name)) },
	[CFG_R_TS_MODE] = { .id = CFG_R_TS_MODE, .parent = CFG_R_TSET,
	    .kind = CFG_K_LEAF, .order = 1, .defval = "tunnel",
	    TOKS(KW("mode", "Encapsulation mode"),
		ARG("MODE", "Encapsulation mode", a_tsmode)) },
	/* transform ENC AUTH; an AEAD ENC (GCM) stands alone (CFG_EF_AEAD). */
	[CFG_R_TS_TRANSFORM] = { .id = CFG_R_TS_TRANSFORM,
	    .parent = CFG_R_TSET, .kind = CFG_K_LEAF, .order = 2,
	    TOKS(KW("transform", "ESP transform"),
		ARG("ENC", "ESP encryption", a_espenc),
		ARG("AUTH", "ESP integrity", a_espauth)) },

	/* ipsec profile NAME */
	[CFG_R_IPSECPROF] = { .id = CFG_R_IPSECPROF, .kind = CFG_K_LIST,
	    .order = 8, .prompt = "ipsec-profile-%s", .what = "ipsec profile",
	    TOKS(KW("ipsec", H_IPSEC),
		KW("profile", "Configure an IPsec profile"),
		KEY("NAME", "Name of the IPsec profile", a_name)) },
	[CFG_R_IP_IKEV2PROF] = { .id = CFG_R_IP_IKEV2PROF,
	    .parent = CFG_R_IPSECPROF, .kind = CFG_K_LEAF, .order = 1,
	    TOKS(KW("set", H_SET),
		KW("ikev2-profile", "IKEv2 profile for the key exchange"),
		ARG("NAME", "Name of an IKEv2 profile", a_ref_profile)) },
	[CFG_R_IP_PFS] = { .id = CFG_R_IP_PFS, .parent = CFG_R_IPSECPROF,
	    .kind = CFG_K_LEAF, .order = 2,
	    TOKS(KW("set", H_SET),
		KW("pfs", "Perfect forward secrecy for child SAs"),
		ARG("GROUP", "DH group", a_pfs)) },
	[CFG_R_IP_LIFETIME] = { .id = CFG_R_IP_LIFETIME,
	    .parent = CFG_R_IPSECPROF, .kind = CFG_K_LEAF, .order = 3,
	    .defval = "3600",
	    TOKS(KW("set", H_SET),
		KW("security-association", "Security association parameters"),
		KW("lifetime", "Lifetime of the child SAs"),
		KW("seconds", "Lifetime in seconds"),
		ARG("SECONDS", "Lifetime in seconds", a_lifetime)) },
	[CFG_R_IP_TSET] = { .id = CFG_R_IP_TSET, .parent = CFG_R_IPSECPROF,
	    .kind = CFG_K_LEAF, .order = 4,
	    TOKS(KW("set", H_SET),
		KW("transform-set", "Transform set of the child SAs"),
		ARG("NAME", "Name of a transform set", a_ref_tset)) },

	/* interface tunnel-ipN */
	[CFG_R_INTERFACE] = { .id = CFG_R_INTERFACE, .kind = CFG_K_LIST,
	    .order = 9, .prompt = "if", .rflags = CFG_RF_SORTNUM,
	    .what = "interface",
	    TOKS(KW("interface", "Select an interface to configure"),
		KEY("IFNAME", "Tunnel-IP interface", a_ifname)) },
	[CFG_R_IF_IPV4] = { .id = CFG_R_IF_IPV4, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 1,
	    TOKS(KW("ipv4", "Interface IPv4 configuration"),
		KW("address", "Set the IPv4 address of the interface"),
		ARG("A.B.C.D", "IPv4 address (then a mask, or /length)",
		    a_addrmask)) },
	[CFG_R_IF_TMODE] = { .id = CFG_R_IF_TMODE, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 2,
	    TOKS(KW("tunnel", H_TUNNEL),
		KW("mode", "Tunnel encapsulation"),
		ARG("MODE", "Tunnel encapsulation", a_tmode),
		ARG("FAMILY", "Transport address family", a_tfamily)) },
	[CFG_R_IF_TSRC] = { .id = CFG_R_IF_TSRC, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 3,
	    TOKS(KW("tunnel", H_TUNNEL),
		KW("source", "Source of the tunnel"),
		ARG("SOURCE", "Interface name or A.B.C.D", a_srcif)) },
	[CFG_R_IF_TDST] = { .id = CFG_R_IF_TDST, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 4,
	    TOKS(KW("tunnel", H_TUNNEL),
		KW("destination", "Destination of the tunnel"),
		ARG("A.B.C.D", "IPv4 address of the tunnel's far end",
		    a_ipv4)) },
	[CFG_R_IF_TPROT] = { .id = CFG_R_IF_TPROT, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 5,
	    TOKS(KW("tunnel", H_TUNNEL),
		KW("protection", "Protect the tunnel"),
		KW("ipsec", "Protect the tunnel with IPsec"),
		KW("profile", "IPsec profile to use"),
		ARG("NAME", "Name of an IPsec profile", a_ref_ipsecprof)) },
	[CFG_R_IF_SHUTDOWN] = { .id = CFG_R_IF_SHUTDOWN,
	    .parent = CFG_R_INTERFACE, .kind = CFG_K_FLAG, .order = 6,
	    TOKS(KW("shutdown", "Shut the interface down")) },
	[CFG_R_IF_DESC] = { .id = CFG_R_IF_DESC, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 7,
	    TOKS(KW("description", "Describe the interface"),
		ARG("LINE", "Description (up to 240 characters)", a_text)) },
	[CFG_R_IF_MTU] = { .id = CFG_R_IF_MTU, .parent = CFG_R_INTERFACE,
	    .kind = CFG_K_LEAF, .order = 8,
	    TOKS(KW("mtu", "Set the interface MTU"),
		ARG("BYTES", "MTU in bytes", a_mtu)) },

	/* router static address-family ipv4 unicast PREFIX IFNAME [NH] */
	[CFG_R_RSTATIC] = { .id = CFG_R_RSTATIC, .kind = CFG_K_CONTAINER,
	    .order = 10, .prompt = "static", .what = "router static",
	    TOKS(KW("router", "Routing configuration"),
		KW("static", "Static routes")) },
	[CFG_R_RS_AF] = { .id = CFG_R_RS_AF, .parent = CFG_R_RSTATIC,
	    .kind = CFG_K_CONTAINER, .order = 1, .prompt = "static-afi",
	    .what = "address-family",
	    TOKS(KW("address-family", "Address family"),
		KW("ipv4", "IPv4"),
		KW("unicast", "Unicast routes")) },
	[CFG_R_RS_ROUTE] = { .id = CFG_R_RS_ROUTE, .parent = CFG_R_RS_AF,
	    .kind = CFG_K_LEAF, .order = 1,
	    TOKS(KEY("A.B.C.D/length", "Destination prefix", a_prefix),
		KEY("IFNAME", "Tunnel-IP interface", a_ifname),
		ARGF("A.B.C.D", "Next-hop address", a_ipv4, CFG_TF_OPT)) },

	/* platform interface-map CISCO-NAME LINUX-NAME */
	[CFG_R_IFMAP] = { .id = CFG_R_IFMAP, .kind = CFG_K_LEAF, .order = 11,
	    TOKS(KW("platform", "Platform configuration"),
		KW("interface-map", "Map an interface name to a Linux one"),
		KEY("CISCO-NAME", "Interface name as the configuration uses it",
		    a_srcif),
		ARG("LINUX-NAME", "Linux interface name", a_srcif)) },

	/* Accepted and ignored, for automation (SPEC 2.4). */
	[CFG_R_NOOP_LOGGING] = { .id = CFG_R_NOOP_LOGGING,
	    .kind = CFG_K_NOOP, .order = 12,
	    TOKS(KW("logging", "Logging (accepted for compatibility)"),
		KW("console", "Console logging"),
		KWF("disable", "Disable console logging", CFG_TF_OPT)) },
	[CFG_R_NOOP_LINE] = { .id = CFG_R_NOOP_LINE, .kind = CFG_K_NOOP,
	    .order = 13,
	    TOKS(KW("line", "Line templates (accepted for compatibility)"),
		ARG("TEMPLATE", "Line template", a_line)) },
	[CFG_R_NOOP_EXECTO] = { .id = CFG_R_NOOP_EXECTO, .kind = CFG_K_NOOP,
	    .order = 14,
	    TOKS(KW("exec-timeout", "EXEC timeout (accepted for compatibility)"),
		ARG("MINUTES", "Minutes", a_exec_min),
		ARGF("SECONDS", "Seconds", a_exec_sec, CFG_TF_OPT)) },
	[CFG_R_NOOP_ABSTO] = { .id = CFG_R_NOOP_ABSTO, .kind = CFG_K_NOOP,
	    .order = 15,
	    TOKS(KW("absolute-timeout",
		"Absolute timeout (accepted for compatibility)"),
		ARG("MINUTES", "Minutes", a_abs_min)) },
	[CFG_R_NOOP_SESSTO] = { .id = CFG_R_NOOP_SESSTO, .kind = CFG_K_NOOP,
	    .order = 16,
	    TOKS(KW("session-timeout",
		"Session timeout (accepted for compatibility)"),
		ARG("MINUTES", "Minutes", a_exec_min)) },
};

int
cfg_row_is_object(const struct cfg_row *r)
{
	return r->kind == CFG_K_LIST || r->kind == CFG_K_CONTAINER ||
	    r->kind == CFG_K_ROOT;
}

size_t
cfg_row_nhead(const struct cfg_row *r)
{
	size_t	i;

	for (i = 0; i < r->ntoks; i++) {
		if (r->toks[i].type == CFG_TT_KW)
			continue;
		if (r->toks[i].type == CFG_TT_ARG &&
		    (r->toks[i].flags & CFG_TF_KEY))
			continue;
		break;
	}
	return i;
}

/* IPv4 text helpers. */
int
cfg_ipv4_parse(const char *s, size_t len, uint32_t *addr)
{
	uint32_t	a = 0, oct;
	size_t		i = 0, nd;
	int		part;

	for (part = 0; part < 4; part++) {
		oct = 0;
		nd = 0;
		while (i < len && s[i] >= '0' && s[i] <= '9' && nd < 4) {
			oct = oct * 10 + (uint32_t)(s[i] - '0');
			i++;
			nd++;
		}
		if (nd == 0 || nd > 3 || oct > 255)
			return -1;
		a = (a << 8) | oct;
		if (part < 3) {
			if (i >= len || s[i] != '.')
				return -1;
			i++;
		}
	}
	if (i != len)
		return -1;
	*addr = a;
	return 0;
}

static int
mask_len(uint32_t m)
{
	int	n = 0;

	while (n < 32 && (m & (0x80000000u >> n)))
		n++;
	if (n < 32 && (m << n) != 0)
		return -1;
	return n;
}

int
cfg_mask_parse(const char *s, size_t len, unsigned *prefixlen)
{
	uint32_t	m;
	int		n;

	if (cfg_ipv4_parse(s, len, &m) == -1 || (n = mask_len(m)) < 0)
		return -1;
	*prefixlen = (unsigned)n;
	return 0;
}

void
cfg_ipv4_format(uint32_t a, char buf[16])
{
	snprintf(buf, 16, "%u.%u.%u.%u", a >> 24, (a >> 16) & 0xff,
	    (a >> 8) & 0xff, a & 0xff);
}

static uint32_t
len_mask(unsigned n)
{
	return n == 0 ? 0 : 0xffffffffu << (32 - n);
}

static int
parse_uint(const char *s, size_t len, uint32_t min, uint32_t max,
    uint32_t *vp)
{
	uint64_t	v = 0;
	size_t		i;

	if (len == 0 || len > 10)
		return -1;
	for (i = 0; i < len; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*vp = (uint32_t)v;
	return 0;
}

/* Writes pfx (may be NULL) and len bytes of s into out. */
static int
put(char *out, size_t outsz, const char *pfx, const char *s, size_t len)
{
	int	n;

	n = snprintf(out, outsz, "%s%.*s", pfx ? pfx : "", (int)len, s);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

static int
is_namechar(int c)
{
	return isalnum(c) || c == '_' || c == '.' || c == '-';
}

/* Interface types with their canonical spelling (SPEC 2.2). */
static const char *const if_types[] = {
	"MgmtEth", "GigabitEthernet", "TenGigE", "TwentyFiveGigE",
	"FortyGigE", "HundredGigE", "Loopback", "Bundle-Ether", "tunnel-ip",
	NULL
};

int
cfg_ifname_canon(const char *s, size_t len, char *out, size_t outsz)
{
	size_t	t = 0, i, n;

	while (t < len && !isdigit((unsigned char)s[t]))
		t++;
	for (i = 0; if_types[i]; i++) {
		n = strlen(if_types[i]);
		if (n != t || strncasecmp(s, if_types[i], t) != 0)
			continue;
		if (n + (len - t) + 1 > outsz)
			return -1;
		memcpy(out, if_types[i], n);
		/* The location part is upper case (RP0/CPU0). */
		for (; t < len; t++)
			out[n++] = (char)toupper((unsigned char)s[t]);
		out[n] = 0;
		return 0;
	}
	return put(out, outsz, NULL, s, len);
}

long
cfg_ifname_unit(const char *name)
{
	uint32_t	v;

	if (strncmp(name, "tunnel-ip", 9) != 0)
		return -1;
	if (parse_uint(name + 9, strlen(name + 9), 0, 65535, &v) == -1)
		return -1;
	return (long)v;
}

static int
text_ok(const unsigned char *s, size_t len)
{
	size_t	i = 0, n, k;

	/* Printable ASCII or well-formed UTF-8; no control characters. */
	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] < 0x20 || s[i] == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (s[i] >= 0xc2 && s[i] <= 0xdf)
			n = 1;
		else if (s[i] >= 0xe0 && s[i] <= 0xef)
			n = 2;
		else if (s[i] >= 0xf0 && s[i] <= 0xf4)
			n = 3;
		else
			return 0;
		for (k = 1; k <= n; k++)
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return 0;
		/* Overlong three/four-byte forms and surrogates. */
		if (n == 2 && s[i] == 0xe0 && s[i + 1] < 0xa0)
			return 0;
		if (n == 2 && s[i] == 0xed && s[i + 1] >= 0xa0)
			return 0;
		if (n == 3 && s[i] == 0xf0 && s[i + 1] < 0x90)
			return 0;
		if (n == 3 && s[i] == 0xf4 && s[i + 1] >= 0x90)
			return 0;
		i += n + 1;
	}
	return 1;
}

static int
word_ok(const char *s, size_t len)
{
	size_t	i;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return 0;
	return 1;
}

const struct cfg_enum *
cfg_enum_exact(const struct cfg_argdef *a, const char *s, size_t len)
{
	const struct cfg_enum	*e;

	for (e = a->vals; e && e->word; e++)
		if (strlen(e->word) == len && strncasecmp(e->word, s, len) == 0)
			return e;
	return NULL;
}

const struct cfg_enum *
cfg_enum_word(const struct cfg_argdef *a, const char *s, size_t len)
{
	const struct cfg_enum	*e;

	for (e = a->vals; e && e->word; e++)
		if (strncmp(e->word, s, len) == 0 && e->word[len] == 0)
			return e;
	return NULL;
}

const char *
cfg_enum_canon(const struct cfg_enum *e)
{
	return e->canon ? e->canon : e->word;
}

const struct cfg_meaning *
cfg_enum_meaning(const struct cfg_argdef *a, const struct cfg_enum *e)
{
	size_t	i;

	if (a->mkind == CFG_MK_NONE)
		return NULL;
	for (i = 0; i < CFG_ENUM_MEANS; i++)
		if (e->mean[i].kind == a->mkind)
			return &e->mean[i];
	return NULL;
}

const struct cfg_meaning *
cfg_meaning_find(unsigned row, unsigned kind, unsigned id, unsigned keylen)
{
	const struct cfg_row	*r = cfg_row(row);
	const struct cfg_enum	*e;
	size_t			 t, i;

	for (t = 0; r && kind != CFG_MK_NONE && t < r->ntoks; t++) {
		if (r->toks[t].type != CFG_TT_ARG ||
		    r->toks[t].arg->type != CFG_T_ENUM)
			continue;
		for (e = r->toks[t].arg->vals; e->word; e++)
			for (i = 0; i < CFG_ENUM_MEANS; i++)
				if (e->mean[i].kind == kind &&
				    e->mean[i].id == id &&
				    (keylen == CFG_KEYLEN_ANY ||
				    e->mean[i].keylen == keylen))
					return &e->mean[i];
	}
	return NULL;
}

/* Described in header. */
int
cfg_arg_accept(const struct cfg_argdef *a, int sub, const char *s,
    size_t len, char *out, size_t outsz)
{
	const struct cfg_enum	*e;
	char			 ip[16], ip2[16];
	const char		*slash;
	uint32_t		 addr, v;
	unsigned		 plen;
	size_t			 i, t;

	if (outsz)
		*out = 0;
	if (len == 0)
		return CFG_ACC_NO;
	switch (a->type) {
	case CFG_T_NAME:
	case CFG_T_HOST:
		if (len < a->min || len > a->max)
			return CFG_ACC_NO;
		for (i = 0; i < len; i++)
			if (!is_namechar((unsigned char)s[i]))
				return CFG_ACC_NO;
		return put(out, outsz, NULL, s, len) ? CFG_ACC_NO : CFG_ACC_DONE;
	case CFG_T_IPV4:
		if (cfg_ipv4_parse(s, len, &addr) == -1)
			return CFG_ACC_NO;
		cfg_ipv4_format(addr, ip);
		return put(out, outsz, NULL, ip, strlen(ip)) ? CFG_ACC_NO :
		    CFG_ACC_DONE;
	case CFG_T_MASK:
		if (cfg_mask_parse(s, len, &plen) == -1)
			return CFG_ACC_NO;
		cfg_ipv4_format(len_mask(plen), ip);
		return put(out, outsz, NULL, ip, strlen(ip)) ? CFG_ACC_NO :
		    CFG_ACC_DONE;
	case CFG_T_ADDRMASK:
		if (sub) {
			if (cfg_mask_parse(s, len, &plen) == -1)
				return CFG_ACC_NO;
			cfg_ipv4_format(len_mask(plen), ip);
			return put(out, outsz, " ", ip, strlen(ip)) ?
			    CFG_ACC_NO : CFG_ACC_DONE;
		}
		if ((slash = memchr(s, '/', len)) != NULL) {
			if (cfg_ipv4_parse(s, (size_t)(slash - s), &addr) == -1 ||
			    parse_uint(slash + 1, len - (size_t)(slash - s) - 1,
			    0, 32, &v) == -1)
				return CFG_ACC_NO;
			cfg_ipv4_format(addr, ip);
			cfg_ipv4_format(len_mask(v), ip2);
			return snprintf(out, outsz, "%s %s", ip, ip2) >=
			    (int)outsz ? CFG_ACC_NO : CFG_ACC_DONE;
		}
		if (cfg_ipv4_parse(s, len, &addr) == -1)
			return CFG_ACC_NO;
		cfg_ipv4_format(addr, ip);
		return put(out, outsz, NULL, ip, strlen(ip)) ? CFG_ACC_NO :
		    CFG_ACC_MORE;
	case CFG_T_PREFIX:
		if ((slash = memchr(s, '/', len)) == NULL ||
		    cfg_ipv4_parse(s, (size_t)(slash - s), &addr) == -1 ||
		    parse_uint(slash + 1, len - (size_t)(slash - s) - 1, 0, 32,
		    &v) == -1 || (addr & ~len_mask(v)) != 0)
			return CFG_ACC_NO;
		cfg_ipv4_format(addr, ip);
		return snprintf(out, outsz, "%s/%u", ip, v) >= (int)outsz ?
		    CFG_ACC_NO : CFG_ACC_DONE;
	case CFG_T_RANGE:
		if (parse_uint(s, len, a->min, a->max, &v) == -1)
			return CFG_ACC_NO;
		return snprintf(out, outsz, "%u", v) >= (int)outsz ?
		    CFG_ACC_NO : CFG_ACC_DONE;
	case CFG_T_ENUM:
		if ((e = cfg_enum_exact(a, s, len)) == NULL)
			return CFG_ACC_NO;
		return put(out, outsz, NULL, cfg_enum_canon(e),
		    strlen(cfg_enum_canon(e))) ? CFG_ACC_NO : CFG_ACC_DONE;
	case CFG_T_PSK:
	case CFG_T_PATH:
	case CFG_T_WORD:
		if (len < a->min || len > a->max || !word_ok(s, len))
			return CFG_ACC_NO;
		return put(out, outsz, NULL, s, len) ? CFG_ACC_NO : CFG_ACC_DONE;
	case CFG_T_IFNAME:
		if (sub) {
			if (parse_uint(s, len, a->min, a->max, &v) == -1)
				return CFG_ACC_NO;
			return snprintf(out, outsz, "%u", v) >= (int)outsz ?
			    CFG_ACC_NO : CFG_ACC_DONE;
		}
		for (t = 0; t < len && !isdigit((unsigned char)s[t]); t++)
			;
		if (t == 0 || t > 9 || strncasecmp(s, "tunnel-ip", t) != 0)
			return CFG_ACC_NO;
		if (t == len)
			return put(out, outsz, NULL, "tunnel-ip", 9) ?
			    CFG_ACC_NO : CFG_ACC_MORE;
		if (parse_uint(s + t, len - t, a->min, a->max, &v) == -1)
			return CFG_ACC_NO;
		return snprintf(out, outsz, "tunnel-ip%u", v) >= (int)outsz ?
		    CFG_ACC_NO : CFG_ACC_DONE;
	case CFG_T_SRCIF:
		if (cfg_ipv4_parse(s, len, &addr) == 0) {
			cfg_ipv4_format(addr, ip);
			return put(out, outsz, NULL, ip, strlen(ip)) ?
			    CFG_ACC_NO : CFG_ACC_DONE;
		}
		if (len > a->max || !isalpha((unsigned char)s[0]))
			return CFG_ACC_NO;
		for (i = 0; i < len; i++)
			if (!is_namechar((unsigned char)s[i]) && s[i] != '/' &&
			    s[i] != ':' && s[i] != '@')
				return CFG_ACC_NO;
		return cfg_ifname_canon(s, len, out, outsz) ? CFG_ACC_NO :
		    CFG_ACC_DONE;
	case CFG_T_TEXT:
		while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		if (len < a->min || len > a->max ||
		    !text_ok((const unsigned char *)s, len))
			return CFG_ACC_NO;
		return put(out, outsz, NULL, s, len) ? CFG_ACC_NO : CFG_ACC_DONE;
	}
	return CFG_ACC_NO;
}

const char *
cfg_arg_display(const struct cfg_argdef *a, int sub, char *buf,
    size_t bufsz)
{
	switch (a->type) {
	case CFG_T_IPV4:
	case CFG_T_MASK:
	case CFG_T_ADDRMASK:
		return "A.B.C.D";
	case CFG_T_PREFIX:
		return "A.B.C.D/length";
	case CFG_T_RANGE:
		snprintf(buf, bufsz, "<%u-%u>", a->min, a->max);
		return buf;
	case CFG_T_IFNAME:
		if (sub) {
			snprintf(buf, bufsz, "<%u-%u>", a->min, a->max);
			return buf;
		}
		return "tunnel-ip";
	case CFG_T_TEXT:
		return "LINE";
	default:
		return "WORD";
	}
}

const char *
cfg_arg_subhelp(const struct cfg_argdef *a)
{
	switch (a->type) {
	case CFG_T_ADDRMASK:
		return "IPv4 subnet mask";
	case CFG_T_IFNAME:
		return "Tunnel-IP interface number";
	default:
		return "";
	}
}

/* Splits off the next space-separated word of a component. */
static int
next_word(const char **pp, const char *end, const char **wp, size_t *wl)
{
	const char	*p = *pp;

	while (p < end && *p == ' ')
		p++;
	if (p == end)
		return -1;
	*wp = p;
	while (p < end && *p != ' ')
		p++;
	*wl = (size_t)(p - *wp);
	*pp = p;
	return 0;
}

static int
head_matches(const struct cfg_row *r, const char *comp, size_t len)
{
	const char	*p = comp, *end = comp + len, *w;
	size_t		 nh = cfg_row_nhead(r), i, wl;
	char		 canon[128];

	if (nh == 0)
		return 0;
	for (i = 0; i < nh; i++) {
		if (next_word(&p, end, &w, &wl) == -1)
			return 0;
		if (r->toks[i].type == CFG_TT_KW) {
			if (strlen(r->toks[i].word) != wl ||
			    memcmp(r->toks[i].word, w, wl) != 0)
				return 0;
			continue;
		}
		/* Names are their own canonical form: check them in place
		 * (this runs for every item rendered or validated). */
		if (r->toks[i].arg->type == CFG_T_NAME) {
			size_t	k;

			if (wl < r->toks[i].arg->min || wl > r->toks[i].arg->max)
				return 0;
			for (k = 0; k < wl; k++)
				if (!is_namechar((unsigned char)w[k]))
					return 0;
			continue;
		}
		if (cfg_arg_accept(r->toks[i].arg, 0, w, wl, canon,
		    sizeof(canon)) != CFG_ACC_DONE || strlen(canon) != wl ||
		    memcmp(canon, w, wl) != 0)
			return 0;
	}
	return next_word(&p, end, &w, &wl) == -1;
}

int
cfg_schema_lookup(unsigned parent, const char *comp, size_t len,
    const struct cfg_row **rowp)
{
	const struct cfg_tok	*t;
	size_t			 fl;
	unsigned		 i;

	/* The first word decides for most rows: check it cheaply. */
	for (fl = 0; fl < len && comp[fl] != ' '; fl++)
		;
	/* A row's descendants follow it in the table (schema_test checks
	 * it): below the top, the scan stops where the subtree ends. */
	for (i = parent + 1; i < CFG_R_COUNT; i++) {
		if (parent != CFG_R_ROOT && cfg_schema[i].parent < parent)
			break;
		if (cfg_schema[i].parent != parent ||
		    cfg_schema[i].kind == CFG_K_NOOP ||
		    (cfg_schema[i].rflags & CFG_RF_ALIAS))
			continue;
		t = &cfg_schema[i].toks[0];
		if (t->type == CFG_TT_KW && (t->word[0] != comp[0] ||
		    strncmp(t->word, comp, fl) != 0 || t->word[fl] != 0))
			continue;
		if (head_matches(&cfg_schema[i], comp, len)) {
			*rowp = &cfg_schema[i];
			return 0;
		}
	}
	return -1;
}

const struct cfg_row *
cfg_schema_key_row(const char *key, const struct cfg_row **rows,
    size_t maxdepth, size_t *depthp)
{
	const struct cfg_row	*r = &cfg_schema[CFG_R_ROOT];
	const char		*p = key, *e;
	size_t			 depth = 0;

	for (;;) {
		e = strchr(p, CFG_KEY_SEP);
		if (e == NULL)
			e = p + strlen(p);
		if (!cfg_row_is_object(r) ||
		    cfg_schema_lookup(r->id, p, (size_t)(e - p), &r) == -1)
			return NULL;
		if (rows && depth < maxdepth)
			rows[depth] = r;
		depth++;
		if (*e == 0)
			break;
		p = e + 1;
	}
	if (depthp)
		*depthp = depth;
	return r;
}

const char *
cfg_comp_name(const struct cfg_row *r, const char *comp)
{
	size_t		i, nh = cfg_row_nhead(r);
	const char	*p = comp;

	/* The name is the last head word; every keyword is one word. */
	for (i = 0; i + 1 < nh; i++) {
		p = strchr(p, ' ');
		if (p == NULL)
			return comp;
		p++;
	}
	return p;
}

int
cfg_comp_make(const struct cfg_row *r, const char *name, char *out,
    size_t outsz)
{
	size_t		 i, nh = cfg_row_nhead(r), n = 0, l;
	const char	*w;

	for (i = 0; i < nh; i++) {
		w = r->toks[i].type == CFG_TT_KW ? r->toks[i].word : name;
		l = strlen(w);
		if (n + l + 2 > outsz)
			return -1;
		if (i)
			out[n++] = ' ';
		memcpy(out + n, w, l);
		n += l;
	}
	if (n >= outsz)
		return -1;
	out[n] = 0;
	return 0;
}

int
cfg_prompt_format(const struct cfg_row *r, const char *comp, char *out,
    size_t outsz)
{
	const char	*name, *pct;
	int		 n;

	if (r->prompt == NULL)
		return -1;
	name = r->kind == CFG_K_LIST ? cfg_comp_name(r, comp) : "";
	/* The table's prompts hold at most one "%s", for the name. */
	if ((pct = strstr(r->prompt, "%s")) == NULL)
		n = snprintf(out, outsz, "%s", r->prompt);
	else
		n = snprintf(out, outsz, "%.*s%s%s", (int)(pct - r->prompt),
		    r->prompt, name, pct + 2);
	return n < 0 || (size_t)n >= outsz ? -1 : 0;
}

/*
 * Cisco "type 7" reversible encoding: two decimal digits give an offset
 * into a fixed 53-character table, then each pair of hex digits is one
 * key byte XORed with the table character at offset + position.
 */
static const char t7_table[] =
    "dsfd;kfoA,.iyewrkldJKDHSUBsgvca69834ncxv9873254k;fg87";

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

int
cfg_psk_plain(const char *value, char *out, size_t outsz)
{
	size_t	len, i, n, tl = sizeof(t7_table) - 1;
	int	off, h, l;

	if (strncmp(value, "clear ", 6) == 0)
		value += 6;
	else if (strncmp(value, "password ", 9) == 0) {
		value += 9;
		len = strlen(value);
		if (len < 4 || len % 2 != 0 || !isdigit((unsigned char)value[0])
		    || !isdigit((unsigned char)value[1]))
			return -1;
		off = (value[0] - '0') * 10 + (value[1] - '0');
		if ((size_t)off >= tl)
			return -1;
		n = (len - 2) / 2;
		if (n + 1 > outsz)
			return -1;
		for (i = 0; i < n; i++) {
			h = hexval((unsigned char)value[2 + 2 * i]);
			l = hexval((unsigned char)value[3 + 2 * i]);
			if (h < 0 || l < 0)
				return -1;
			out[i] = (char)(((h << 4) | l) ^
			    t7_table[((size_t)off + i) % tl]);
			if (out[i] == 0)
				return -1;
		}
		out[n] = 0;
		return (int)n;
	}
	len = strlen(value);
	if (len == 0 || len + 1 > outsz)
		return -1;
	memcpy(out, value, len + 1);
	return (int)len;
}

void
cfg_words_init(struct cfg_words *w, const struct cfg_row *r,
    const char *value)
{
	memset(w, 0, sizeof(*w));
	w->row = r;
	w->p = value ? value : "";
	w->tok = cfg_row_nhead(r);
}

/* Whether word s fits token t (sub: as an argument's second word). */
static int
tok_fits(const struct cfg_tok *t, int sub, const char *s, size_t len)
{
	char	buf[256];

	if (t->type != CFG_TT_ARG)
		return t->type == CFG_TT_KW && strlen(t->word) == len &&
		    memcmp(t->word, s, len) == 0;
	if (t->arg->type == CFG_T_ENUM)
		return cfg_enum_word(t->arg, s, len) != NULL;
	return cfg_arg_accept(t->arg, sub, s, len, buf, sizeof(buf)) !=
	    CFG_ACC_NO;
}

/* Whether word s is the first of two of argument t ("A.B.C.D M.M.M.M"). */
static int
tok_needs_more(const struct cfg_tok *t, const char *s, size_t len)
{
	char	buf[256];

	return t->type == CFG_TT_ARG && (t->arg->type == CFG_T_ADDRMASK ||
	    t->arg->type == CFG_T_IFNAME) && cfg_arg_accept(t->arg, 0, s, len,
	    buf, sizeof(buf)) == CFG_ACC_MORE;
}

int
cfg_words_next(struct cfg_words *w, const char **wp, size_t *lenp,
    const struct cfg_tok **tokp)
{
	const struct cfg_row	*r = w->row;
	const struct cfg_tok	*t;
	const char		*end = w->p + strlen(w->p);

	if (next_word(&w->p, end, wp, lenp) == -1)
		return 0;
	w->sub = w->more;
	w->more = 0;
	if (!w->sub) {
		/* A multi-valued item holds one value after another. */
		if (w->tok >= r->ntoks && r->kind == CFG_K_MULTI) {
			w->tok = cfg_row_nhead(r);
			w->took = 0;
		}
		while (w->tok + 1 < r->ntoks &&
		    (r->toks[w->tok].flags & CFG_TF_OPT) &&
		    !tok_fits(&r->toks[w->tok], 0, *wp, *lenp)) {
			w->tok++;
			w->took = 0;
		}
	}
	*tokp = t = w->tok < r->ntoks ? &r->toks[w->tok] : NULL;
	if (t == NULL)
		return 1;
	if (!w->sub && tok_needs_more(t, *wp, *lenp)) {
		w->more = 1;
		return 1;
	}
	if (t->flags & CFG_TF_REPEAT)
		w->took++;
	else {
		w->tok++;
		w->took = 0;
	}
	return 1;
}

int
cfg_value_ok(const struct cfg_row *r, const char *value)
{
	struct cfg_words	 w;
	const struct cfg_tok	*t;
	const struct cfg_enum	*e;
	const char		*s;
	size_t			 len, k;
	int			 aead = 0;

	cfg_words_init(&w, r, value);
	while (cfg_words_next(&w, &s, &len, &t)) {
		if (t == NULL || !tok_fits(t, w.sub, s, len))
			return 0;
		if (t->type == CFG_TT_ARG && t->arg->type == CFG_T_ENUM &&
		    (e = cfg_enum_word(t->arg, s, len)) != NULL &&
		    (e->flags & CFG_EF_AEAD))
			aead = 1;
	}
	if (w.more)
		return 0;
	/* After an AEAD value the arguments that follow may be left out,
	 * as on the command line. */
	if (aead)
		return 1;
	k = w.tok;
	if (k < r->ntoks && (r->toks[k].flags & CFG_TF_REPEAT) && w.took > 0)
		k++;
	for (; k < r->ntoks; k++)
		if (!(r->toks[k].flags & CFG_TF_OPT))
			return 0;
	return 1;
}

int
cfg_words_enum(struct cfg_words *w, const struct cfg_enum **ep,
    const struct cfg_meaning **mp)
{
	const struct cfg_tok	*t;
	const char		*s;
	size_t			 len;

	if (!cfg_words_next(w, &s, &len, &t))
		return 0;
	*ep = NULL;
	if (t && t->type == CFG_TT_ARG && t->arg->type == CFG_T_ENUM)
		*ep = cfg_enum_word(t->arg, s, len);
	if (mp)
		*mp = *ep ? cfg_enum_meaning(t->arg, *ep) : NULL;
	return 1;
}

const char *
cfg_value_refused(const struct cfg_row *r, const char *value)
{
	struct cfg_words	 w;
	const struct cfg_enum	*e;

	cfg_words_init(&w, r, value);
	while (cfg_words_enum(&w, &e, NULL))
		if (e && e->refused)
			return e->refused;
	return NULL;
}

int
cfg_multi_has(const char *value, const char *word, size_t wlen)
{
	const char	*p = value, *end = value + strlen(value), *w;
	size_t		 wl;

	while (next_word(&p, end, &w, &wl) == 0)
		if (wl == wlen && memcmp(w, word, wl) == 0)
			return 1;
	return 0;
}
