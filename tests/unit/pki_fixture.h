/*
 * The certificate tests' main(): the test PKI (tests/lib/mkpki.sh) made
 * in a fresh folder, the suite run over it, the folder removed.
 */
#ifndef TESTS_UNIT_PKI_FIXTURE_H
#define TESTS_UNIT_PKI_FIXTURE_H

#include <stddef.h>

#include <check.h>

/* Makes the PKI in a new folder named after tag (its path into dir, of
 * dirsz bytes), runs suite, removes the folder.  main()'s status. */
int	pki_fixture_run(Suite *suite, const char *tag, char *dir,
	    size_t dirsz);

#endif
