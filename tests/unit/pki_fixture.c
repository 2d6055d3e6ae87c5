/* The certificate tests' shared main(): see pki_fixture.h. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "tests/unit/pki_fixture.h"

int
pki_fixture_run(Suite *suite, const char *tag, char *dir, size_t dirsz)
{
	const char	*top = getenv("top_srcdir");
	const char	*tmp = getenv("TMPDIR");
	char		 cmd[1024];
	SRunner		*sr;
	int		 failed;

	snprintf(dir, dirsz, "%s/mgmtsec-%s-XXXXXX", tmp ? tmp : "/tmp", tag);
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	snprintf(cmd, sizeof(cmd), "sh '%s/tests/lib/mkpki.sh' '%s'",
	    top ? top : ".", dir);
	if (system(cmd) != 0) {
		fprintf(stderr, "cannot make the test PKI (%s)\n", cmd);
		return 1;
	}
	sr = srunner_create(suite);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "cannot remove %s\n", dir);
	return failed ? 1 : 0;
}
