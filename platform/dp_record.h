/*
 * A recording data plane for tests: implements struct dp by keeping every
 * installed SA (with a private copy of its keys) in a table and every call
 * in a log, so a test can check what the engine asked the kernel to do.
 * SPIs come from a counter starting at a caller-chosen base, so two engines
 * in one process get distinct, predictable SPIs.
 */
#ifndef PLATFORM_DP_RECORD_H
#define PLATFORM_DP_RECORD_H

#include "platform/dp.h"

enum dp_rec_op {
	DP_REC_GET_SPI = 1,
	DP_REC_ADD_SA,
	DP_REC_UPDATE_SA,
	DP_REC_DEL_SA,
	DP_REC_QUERY_SA,
	DP_REC_ADD_POLICY,
	DP_REC_DEL_POLICY,
	DP_REC_FLUSH,
	DP_REC_TUN_CREATE,
	DP_REC_TUN_DELETE,
	DP_REC_OPS_MAX
};

#define DP_REC_KEY_MAX	80	/* largest key: 64-byte HMAC key, 36 GCM */
#define DP_REC_LOG_MAX	256	/* SA calls kept in order (the first ones) */

/* One add_sa or del_sa call, in the order they came (for tests of the
 * order in which a rekey installs and removes SAs). */
struct dp_rec_call {
	enum dp_rec_op	op;		/* DP_REC_ADD_SA or DP_REC_DEL_SA */
	enum dp_dir	dir;		/* add: the SA's; del: that of the SA
					 * removed, 0 when none was there */
	uint32_t	spi;
	int		failed;
};

/* An installed SA: sa.encr_key/integ_key point into this struct. */
struct dp_rec_sa {
	struct dp_sa		sa;
	uint8_t			encr_key[DP_REC_KEY_MAX];
	uint8_t			integ_key[DP_REC_KEY_MAX];
	struct dp_sa_stats	stats;
};

struct dp_record {
	struct dp		 dp;		/* first: the interface */
	struct dp_rec_sa	*sas;		/* installed SAs */
	size_t			 n_sas;
	size_t			 cap_sas;
	size_t			 calls[DP_REC_OPS_MAX];	/* calls per op */
	size_t			 errors;	/* calls that failed */
	uint32_t		 next_spi;
	int			 fail_add;	/* > 0: fail that many add_sa */
	int			 fail_get_spi;	/* > 0: fail that many */
	struct dp_rec_call	 log[DP_REC_LOG_MAX];
	size_t			 n_log;		/* calls seen (may exceed
						 * DP_REC_LOG_MAX) */
};

/* Returns a recorder handing out SPIs from spi_base on (caller frees with
 * dp->destroy or dp_record_free). */
struct dp_record	*dp_record_new(uint32_t spi_base);
void			 dp_record_free(struct dp_record *rec);

/* The installed SA with this destination SPI, or NULL. */
struct dp_rec_sa	*dp_record_find(struct dp_record *rec, uint32_t spi);
/* The newest installed SA of a direction (the one a tunnel sends on, for
 * DP_DIR_OUT), or NULL. */
struct dp_rec_sa	*dp_record_newest(struct dp_record *rec,
			    enum dp_dir dir);
/* Number of installed SAs in a direction (0 = both). */
size_t			 dp_record_count(const struct dp_record *rec,
			    enum dp_dir dir);

#endif
