/*
 * --save-keys DIR: Wireshark's decryption tables.  Every IKE SA's keys
 * become one line of DIR/ikev2_decryption_table and every Child SA two
 * lines (one per direction) of DIR/esp_sa, in the UAT formats Wireshark
 * (and tshark -o uat:...) reads.  Anyone who can read these files can
 * decrypt the traffic: the daemon warns loudly when this is on.
 *
 * The line formatters are pure; dmn_savekeys_write() appends to the files
 * (created 0600).
 */
#ifndef MGMTSECD_SAVEKEYS_H
#define MGMTSECD_SAVEKEYS_H

#include <stddef.h>

#include "common/buf.h"
#include "ikev2/engine.h"

#define DMN_IKE_TABLE	"ikev2_decryption_table"
#define DMN_ESP_TABLE	"esp_sa"

/* Appends the line(s) for k to out (IKE: one, ESP: two).  0 or -1 when
 * an algorithm has no Wireshark name. */
int	dmn_keys_ike_line(const struct ike_keys_export *k, struct buf *out);
int	dmn_keys_esp_lines(const struct ike_keys_export *k, struct buf *out);

/* Appends k's lines to the right file in dir.  0 or -1 (err says). */
int	dmn_savekeys_write(const char *dir, const struct ike_keys_export *k,
	    char *err, size_t errlen);

#endif
