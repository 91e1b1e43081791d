// SPDX-License-Identifier: GPL-2.0-or-later
/*
 * Fuzz target of the daxctl.conf.d parser. Built as a libFuzzer target with clang
 * (-fsanitize=fuzzer); without libFuzzer, main() below runs each file named on the command
 * line through the same entry point (used by the test suite to replay the seed corpus).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config-file.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct conf c = { 0 };
	char err[256];
	size_t i;

	if (conf_parse_buf(&c, "fuzz.conf", (const char *)data, size, err, sizeof(err)) == 0) {
		for (i = 0; i < c.nr; i++) {
			struct conf_key k = {
				.uuid = c.sec[i].nvdimm_uuid,
				.region_path = c.sec[i].dax_region,
				.resource = c.sec[i].dax_resource,
				.has_resource = c.sec[i].has_resource,
			};

			if (conf_match(&c, &k) != &c.sec[i])
				abort(); /* every accepted section matches its own key, and only one */
		}
	} else if (c.nr != 0 || !strchr(err, ':')) {
		abort(); /* an error leaves nothing behind and says where */
	}
	conf_free(&c);
	return 0;
}

#ifndef DAXCTL_LIBFUZZER
int main(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		FILE *f = fopen(argv[i], "rb");
		char *buf;
		long n;

		if (!f) {
			perror(argv[i]);
			return 1;
		}
		fseek(f, 0, SEEK_END);
		n = ftell(f);
		rewind(f);
		buf = malloc(n ? n : 1);
		if (!buf || fread(buf, 1, n, f) != (size_t)n) {
			fprintf(stderr, "%s: read failed\n", argv[i]);
			return 1;
		}
		fclose(f);
		LLVMFuzzerTestOneInput((const uint8_t *)buf, n);
		free(buf);
	}
	printf("fuzz-config: replayed %d inputs\n", argc - 1);
	return 0;
}
#endif
