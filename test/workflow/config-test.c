// SPDX-License-Identifier: GPL-2.0-or-later
/* Unit tests of the daxctl.conf.d parser (daxctl/config.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "config-file.h"

static int failures, cases;

#define CHECK(cond, ...) do { \
	cases++; \
	if (!(cond)) { \
		failures++; \
		fprintf(stderr, "FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
		fprintf(stderr, __VA_ARGS__); \
		fputc('\n', stderr); \
	} \
} while (0)

static int parse(struct conf *c, const char *text, char *err, size_t errlen)
{
	return conf_parse_buf(c, "t.conf", text, strlen(text), err, errlen);
}

static void good(void)
{
	struct conf c = { 0 };
	char err[512];
	const char *text =
		"# example\n"
		"; another comment\n"
		"\n"
		"[reconfigure-device nv]\n"
		"nvdimm.uuid = 37934708-6B07-4dd0-b801-c5bca761d659\n"
		"mode = system-ram\n"
		"online = true\n"
		"movable = no   # comment\n"
		"memmap_on_memory = yes\n"
		"[Reconfigure-Device   hmem fast tier ]\r\n"
		"  DAX.Region = \"/platform/hmem.0/\"\n"
		"dax.resource=0x100000000 ; trailing\n"
		"mode = devdax\n"
		"force = yes\n";
	const struct conf_section *s;
	struct conf_key k = { 0 };
	int rc = parse(&c, text, err, sizeof(err));

	CHECK(rc == 0, "rc %d: %s", rc, err);
	CHECK(c.nr == 2, "nr %zu", c.nr);
	if (c.nr != 2)
		goto out;
	s = &c.sec[0];
	CHECK(strcmp(s->name, "nv") == 0, "name '%s'", s->name);
	CHECK(s->line == 4, "line %d", s->line);
	CHECK(strcmp(s->nvdimm_uuid, "37934708-6b07-4dd0-b801-c5bca761d659") == 0, "%s",
			s->nvdimm_uuid);
	CHECK(s->mode == CONF_MODE_SYSTEM_RAM && s->online == 1 && s->movable == 0 &&
			s->force == -1, "mode %d online %d movable %d force %d", s->mode,
			s->online, s->movable, s->force);
	CHECK(c.sec[1].force == 1, "force %d", c.sec[1].force);
	CHECK(c.sec[0].memmap == 1 && c.sec[1].memmap == -1, "memmap %d %d", c.sec[0].memmap,
			c.sec[1].memmap);
	s = &c.sec[1];
	CHECK(strcmp(s->name, "hmem fast tier") == 0, "name '%s'", s->name);
	CHECK(strcmp(s->dax_region, "/platform/hmem.0") == 0, "region '%s'", s->dax_region);
	CHECK(s->has_resource && s->dax_resource == 0x100000000ULL, "resource %llx",
			s->dax_resource);
	CHECK(s->mode == CONF_MODE_DEVDAX && s->online == -1 && s->movable == -1, "mode %d",
			s->mode);

	k.uuid = "37934708-6b07-4dd0-b801-c5bca761d659";
	CHECK(conf_match(&c, &k) == &c.sec[0], "uuid match");
	k.uuid = "37934708-6b07-4dd0-b801-c5bca761d650";
	CHECK(conf_match(&c, &k) == NULL, "uuid mismatch");
	k.uuid = NULL;
	k.region_path = "/platform/hmem.0";
	k.resource = 0x100000000ULL;
	k.has_resource = true;
	CHECK(conf_match(&c, &k) == &c.sec[1], "region match");
	k.resource = 0x110000000ULL;
	CHECK(conf_match(&c, &k) == NULL, "resource mismatch");
	k.region_path = "/platform/hmem.1";
	k.resource = 0x100000000ULL;
	CHECK(conf_match(&c, &k) == NULL, "region mismatch");
out:
	conf_free(&c);
}

/* Each bad text must fail with -EINVAL, leave the config empty, and name @want. */
static void bad(const char *text, const char *want)
{
	struct conf c = { 0 };
	char err[512];
	int rc = parse(&c, text, err, sizeof(err));

	CHECK(rc == -EINVAL, "rc %d for <<%s>>", rc, text);
	CHECK(c.nr == 0, "nr %zu after error", c.nr);
	CHECK(strstr(err, want) != NULL, "error '%s' lacks '%s'", err, want);
	conf_free(&c);
}

static void bad_inputs(void)
{
	const char *hdr = "[reconfigure-device a]\n";
	char buf[512];

	bad("mode = devdax\n", "t.conf:1: mode: key outside any");
	bad("[monitor]\nmode = devdax\n", "t.conf:1: unknown section [monitor]");
	bad("[reconfigure-device]\n", "t.conf:1: section [reconfigure-device] needs a name");
	bad("[reconfigure-device a\n", "t.conf:1: section header without a closing");
	bad("[reconfigure-devicea]\n", "unknown section");
#define WITH(body, want) do { snprintf(buf, sizeof(buf), "%s%s", hdr, body); bad(buf, want); } while (0)
	WITH("mode = fsdax\n", "t.conf:2: [reconfigure-device a] mode: unknown mode 'fsdax'");
	WITH("mode = devdax\nmode = devdax\n",
			"t.conf:3: [reconfigure-device a] mode: given twice");
	WITH("nvdimm.uuid = 1234\nmode=devdax\n",
			"t.conf:2: [reconfigure-device a] nvdimm.uuid: '1234' is not a UUID");
	WITH("color = blue\n", "t.conf:2: [reconfigure-device a] color: unknown key");
	WITH("just text\n", "t.conf:2: [reconfigure-device a]: expected 'key = value'");
	WITH("online = maybe\n", "online: 'maybe' is not a boolean");
	WITH("movable =\n", "movable: empty value");
	WITH("dax.region = platform/hmem.0\n", "dax.region: 'platform/hmem.0' is not a region path");
	WITH("dax.resource = 0x1g\n", "dax.resource: '0x1g' is not a number");
	WITH("dax.resource = -1\n", "dax.resource: '-1' is not a number");
	WITH("mode = \"devdax\n", "mode: unterminated quoted value");
	WITH("mode = \"devdax\" x\n", "mode: text after the quoted value");
	WITH("mode = devdax\n", "t.conf:1: [reconfigure-device a]: no match key");
	WITH("nvdimm.uuid = 37934708-6b07-4dd0-b801-c5bca761d659\n",
			"t.conf:1: [reconfigure-device a] mode: missing");
	WITH("dax.region = /platform/hmem.0\nmode = devdax\n",
			"[reconfigure-device a] dax.resource: missing");
	WITH("dax.resource = 0\nmode = devdax\n", "[reconfigure-device a] dax.region: missing");
	WITH("dax.resource = 0\ndax.region=/x\nnvdimm.uuid=37934708-6b07-4dd0-b801-c5bca761d659\nmode = devdax\n",
			"are exclusive");
	WITH("nvdimm.uuid=37934708-6b07-4dd0-b801-c5bca761d659\nmode = devdax\nonline = false\n",
			"online: 'false' only applies to mode system-ram");
	WITH("mo de = devdax\n", "white space inside a key");
	WITH("= devdax\n", "empty key");
	WITH("nvdimm.uuid=37934708-6b07-4dd0-b801-c5bca761d659\nmode = devdax\n"
			"[reconfigure-device A]\nnvdimm.uuid=37934708-6b07-4dd0-b801-c5bca761d650\nmode=devdax\n",
			"t.conf:4: [reconfigure-device A]: same section name as the section at t.conf:1");
	WITH("nvdimm.uuid=37934708-6b07-4dd0-b801-c5bca761d659\nmode = devdax\n"
			"[reconfigure-device b]\nnvdimm.uuid=37934708-6B07-4dd0-b801-c5bca761d659\nmode=devdax\n",
			"same nvdimm.uuid as the section at t.conf:1");
	WITH("dax.region=/p\ndax.resource=4096\nmode = devdax\n"
			"[reconfigure-device b]\ndax.region=/p/\ndax.resource=0x1000\nmode=devdax\n",
			"same dax.region and dax.resource");
#undef WITH
	{
		struct conf c = { 0 };
		char err[128];
		static const char nul[] = "[reconfigure-device a]\nmo\0de = devdax\n";
		int rc = conf_parse_buf(&c, "n.conf", nul, sizeof(nul) - 1, err, sizeof(err));

		CHECK(rc == -EINVAL && strstr(err, "n.conf:2") && strstr(err, "NUL byte"),
				"nul: %d %s", rc, err);
		conf_free(&c);
	}
}

/* An error in a second parse keeps the sections of the first. */
static void keeps_previous(void)
{
	struct conf c = { 0 };
	char err[256];
	int rc;

	rc = parse(&c, "[reconfigure-device a]\nnvdimm.uuid=37934708-6b07-4dd0-b801-c5bca761d659\nmode=devdax\n",
			err, sizeof(err));
	CHECK(rc == 0 && c.nr == 1, "rc %d nr %zu", rc, c.nr);
	rc = parse(&c, "[reconfigure-device b]\ndax.region=/x\ndax.resource=1\nmode=devdax\n"
			"[reconfigure-device c]\nmode=bad\n", err, sizeof(err));
	CHECK(rc == -EINVAL && c.nr == 1, "rc %d nr %zu", rc, c.nr);
	CHECK(strcmp(c.sec[0].name, "a") == 0, "kept %s", c.sec[0].name);
	conf_free(&c);
}

static void write_file(const char *dir, const char *name, const char *text)
{
	char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(1);
	}
	fputs(text, f);
	fclose(f);
	chmod(path, 0644);	/* whatever the umask: group-writable files are refused */
}

/* The messages conf_load_dir() reports, one per line. */
static void collect(void *data, const char *msg)
{
	char *buf = data;
	size_t n = strlen(buf);

	snprintf(buf + n, 2048 - n, "%s\n", msg);
}

static void directory(void)
{
	char dir[] = "/tmp/daxctl-conf-XXXXXX", sub[600], path[600];
	static char msgs[2048];
	struct conf c = { 0 };
	int rc;

	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
	msgs[0] = '\0';
	rc = conf_load_dir(&c, "/nonexistent/daxctl.conf.d", collect, msgs);
	CHECK(rc == 0 && c.nr == 0 && !msgs[0], "missing dir: rc %d: %s", rc, msgs);

	write_file(dir, "b.conf", "[reconfigure-device two]\ndax.region=/platform/hmem.1\n"
			"dax.resource=0x200000000\nmode=system-ram\n");
	write_file(dir, "a.conf", "[reconfigure-device one]\ndax.region=/platform/hmem.0\n"
			"dax.resource=0x100000000\nmode=system-ram\n");
	write_file(dir, "ignored.txt", "garbage\n");
	write_file(dir, ".hidden.conf", "garbage\n");
	snprintf(sub, sizeof(sub), "%s/dir.conf", dir);
	mkdir(sub, 0755);
	rc = conf_load_dir(&c, dir, collect, msgs);
	CHECK(rc == 0 && c.nr == 2 && !msgs[0], "rc %d nr %zu: %s", rc, c.nr, msgs);
	if (c.nr == 2) {
		CHECK(strcmp(c.sec[0].name, "one") == 0, "order: %s first", c.sec[0].name);
		CHECK(strstr(c.sec[1].file, "/b.conf") != NULL, "file %s", c.sec[1].file);
	}
	conf_free(&c);

	/* a bad file is reported and skipped; the others still count */
	write_file(dir, "c.conf", "[reconfigure-device three]\ndax.region=/platform/hmem.0\n"
			"dax.resource=0x100000000\nmode=devdax\n");
	rc = conf_load_dir(&c, dir, collect, msgs);
	CHECK(rc == -EINVAL && c.nr == 2, "dup across files: rc %d nr %zu", rc, c.nr);
	CHECK(strstr(msgs, "/c.conf:1: [reconfigure-device three]: same dax.region and dax.resource as the section at ")
			&& strstr(msgs, "/a.conf:1") && !strchr(strchr(msgs, '\n') + 1, '\n'),
			"messages '%s'", msgs);
	conf_free(&c);
	snprintf(path, sizeof(path), "%s/c.conf", dir);
	unlink(path);

	/* files another user could have written are refused, named, and skipped */
	msgs[0] = '\0';
	snprintf(path, sizeof(path), "%s/b.conf", dir);
	chmod(path, 0664);
	rc = conf_load_dir(&c, dir, collect, msgs);
	CHECK(rc == -EPERM && c.nr == 1 && strcmp(c.sec[0].name, "one") == 0,
			"group-writable: rc %d nr %zu", rc, c.nr);
	CHECK(strstr(msgs, "/b.conf: writable by its group (mode 0664): refused"), "'%s'", msgs);
	conf_free(&c);
	msgs[0] = '\0';
	chmod(path, 0646);
	rc = conf_load_dir(&c, dir, collect, msgs);
	CHECK(rc == -EPERM && c.nr == 1, "world-writable: rc %d nr %zu", rc, c.nr);
	CHECK(strstr(msgs, "/b.conf: writable by everyone (mode 0646): refused"), "'%s'", msgs);
	conf_free(&c);
	chmod(path, 0644);
	if (geteuid() == 0) {	/* only root can give a file away; CI runs as root */
		msgs[0] = '\0';
		CHECK(chown(path, 65534, 65534) == 0, "chown: %s", strerror(errno));
		rc = conf_load_dir(&c, dir, collect, msgs);
		CHECK(rc == -EPERM && c.nr == 1, "foreign owner: rc %d nr %zu", rc, c.nr);
		CHECK(strstr(msgs, "/b.conf: owned by uid 65534, not by root: refused"), "'%s'", msgs);
		conf_free(&c);
	}

	snprintf(sub, sizeof(sub), "rm -rf '%s'", dir);
	if (system(sub) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
}

int main(void)
{
	good();
	bad_inputs();
	keeps_previous();
	directory();
	printf("config-test: %d checks, %d failed\n", cases, failures);
	return failures ? 1 : 0;
}
