/* mesh_msg.c - otaimg mesh msg decode|encode|list and otaimg mesh plan: the
 * Firmware Update, Firmware Distribution and BLOB Transfer access messages,
 * and the BLOB transfer planner (otaimg-mesh(1), MESSAGES and PLAN). */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"

int mesh_msg_main(int argc, char **argv);
int mesh_plan_main(int argc, char **argv);

#define MSG_SYNOPSIS "usage: otaimg mesh msg decode [--json] [--params OPCODE] (HEX | --file FILE)\n" \
	"       otaimg mesh msg encode [--params] [JSON-FILE | -]\n" \
	"       otaimg mesh msg list"
#define PLAN_SYNOPSIS "usage: otaimg mesh plan --size N --target HEX|JSON|FILE|PRESET ...\n" \
	"              [--lpn IDX:QUEUE ...] [--client-chunk N | --client-sdu N] [--client-mtu N]\n" \
	"              [--client-chunks N] [--split] [--pdu-ms MS] [--chunk-gap-ms MS]\n" \
	"              [--poll-ms MS] [--pull-chunks N] [--json]"
#define SHORTOPTS "qvh"
#define TEXT_MAX 65536u

enum {
	O_JSON = 0x200, O_PARAMS, O_FILE, O_SIZE, O_TARGET, O_LPN, O_CMTU, O_CCHUNK, O_CCHUNKS,
	O_SPLIT, O_PDU, O_GAP, O_POLL, O_PULL, O_CSDU
};

static const struct option msg_lo[] = {
	{ "json", no_argument, NULL, O_JSON },
	{ "params", optional_argument, NULL, O_PARAMS },
	{ "file", required_argument, NULL, O_FILE },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

static const struct option plan_lo[] = {
	{ "size", required_argument, NULL, O_SIZE },
	{ "target", required_argument, NULL, O_TARGET },
	{ "lpn", required_argument, NULL, O_LPN },
	{ "client-mtu", required_argument, NULL, O_CMTU },
	{ "client-chunk", required_argument, NULL, O_CCHUNK },
	{ "client-chunks", required_argument, NULL, O_CCHUNKS },
	{ "client-sdu", required_argument, NULL, O_CSDU },
	{ "split", no_argument, NULL, O_SPLIT },
	{ "pdu-ms", required_argument, NULL, O_PDU },
	{ "chunk-gap-ms", required_argument, NULL, O_GAP },
	{ "poll-ms", required_argument, NULL, O_POLL },
	{ "pull-chunks", required_argument, NULL, O_PULL },
	{ "json", no_argument, NULL, O_JSON },
	{ "quiet", no_argument, NULL, 'q' },
	{ "verbose", no_argument, NULL, 'v' },
	{ "help", no_argument, NULL, 'h' },
	{ NULL, 0, NULL, 0 },
};

/* ota_write_fn to a stdio stream */
static int
write_file(void *ctx, const void *buf, size_t len)
{
	return fwrite(buf, 1, len, ctx) == len ? 0 : -1;
}

static void
print_hex(const uint8_t *p, size_t n)
{
	hexout(p, n, 0);
	if (putchar('\n') == EOF)
		tool_die(EXIT_USAGE, "cannot write the output");
}

/* The meaning of a status, phase or mode value of message msg, or NULL. */
static const char *
value_name(const char *msg, const char *key, json_int_t v)
{
	static const char *const blob_status[] = { "success", "invalid block number",
		"invalid block size", "invalid chunk size", "wrong phase", "invalid parameter",
		"wrong BLOB ID", "BLOB too large", "unsupported transfer mode", "internal error",
		"information unavailable" };
	static const char *const blob_phase[] = { "inactive", "waiting for start",
		"waiting for next block", "waiting for next chunk", "complete", "suspended" };
	static const char *const dfu_status[] = { "success", "insufficient resources",
		"wrong phase", "internal error", "wrong firmware index", "metadata check failed",
		"temporarily unavailable", "BLOB transfer busy" };
	static const char *const dfu_phase[] = { "idle", "transfer error", "transfer active",
		"verification active", "verification succeeded", "verification failed",
		"applying update", "transfer cancelled", "apply success", "apply failed",
		"unknown" };
	static const char *const dfd_status[] = { "success", "insufficient resources",
		"wrong phase", "internal error", "firmware not found", "invalid AppKey index",
		"receivers list empty", "busy with distribution", "busy with upload",
		"URI not supported", "URI malformed", "URI unreachable",
		"new firmware not available" };
	static const char *const dfd_phase[] = { "idle", "transfer active", "transfer success",
		"applying update", "completed", "failed", "cancelling update",
		"transfer suspended" };
	static const char *const upload_phase[] = { "idle", "transfer active", "transfer error",
		"transfer success" };
	static const char *const format[] = { "all chunks missing", "no chunks missing",
		"some chunks missing", "encoded missing chunks" };
	static const char *const effect[] = { "composition unchanged",
		"composition changes, no remote provisioning",
		"composition changes, remote provisioning", "node unprovisioned" };
	static const char *const mode[] = { "none", "push", "pull", "push and pull" };
	const char *const *t = NULL;
	size_t n = 0;
	int blob = strncmp(msg, "blob-", 5) == 0, dfd = strncmp(msg, "firmware-distribution", 21) == 0;

#define T(a) (t = (a), n = sizeof(a) / sizeof((a)[0]))
	if (strcmp(key, "mode") == 0 || strcmp(key, "transfer_mode") == 0 ||
	    strcmp(key, "supported_modes") == 0)
		T(mode);
	else if (strcmp(key, "transfer_status") == 0 || (blob && strcmp(key, "status") == 0))
		T(blob_status);
	else if (blob && strcmp(key, "phase") == 0)
		T(blob_phase);
	else if (strcmp(key, "update_status") == 0 || (!dfd && strcmp(key, "status") == 0))
		T(dfu_status);
	else if (strcmp(key, "retrieved_update_phase") == 0 || (!dfd && strcmp(key, "phase") == 0))
		T(dfu_phase);
	else if (strcmp(key, "status") == 0)
		T(dfd_status);
	else if (strstr(msg, "upload") != NULL && strcmp(key, "phase") == 0)
		T(upload_phase);
	else if (strcmp(key, "phase") == 0)
		T(dfd_phase);
	else if (strcmp(key, "format") == 0)
		T(format);
	else if (strcmp(key, "additional_information") == 0)
		T(effect);
#undef T
	return t != NULL && v >= 0 && (size_t)v < n ? t[v] : NULL;
}

/* A JSON value as text lines, keys indented under their parents. */
static void
print_value(const char *msg, const char *key, json_t *v, int depth)
{
	const char *k;
	json_t *e;
	size_t i;

	if (json_is_object(v)) {
		printf("%*s%s:\n", depth * 2, "", key);
		json_object_foreach(v, k, e)
			print_value(msg, k, e, depth + 1);
	} else if (json_is_array(v) && json_array_size(v) > 0 &&
	    json_is_object(json_array_get(v, 0))) {
		json_array_foreach(v, i, e) {
			char name[64];

			(void)snprintf(name, sizeof(name), "%s[%zu]", key, i);
			print_value(msg, name, e, depth);
		}
	} else if (json_is_array(v)) {
		printf("%*s%s:", depth * 2, "", key);
		json_array_foreach(v, i, e)
			printf(" %lld", (long long)json_integer_value(e));
		printf(json_array_size(v) == 0 ? " (none)\n" : "\n");
	} else if (json_is_integer(v)) {
		const char *what = value_name(msg, key, json_integer_value(v));

		printf("%*s%s: %lld%s%s%s\n", depth * 2, "", key, (long long)json_integer_value(v),
		    what != NULL ? " (" : "", what != NULL ? what : "", what != NULL ? ")" : "");
	} else if (json_is_string(v)) {
		const char *hx = json_string_value(v);
		uint8_t text[256];
		size_t n;

		printf("%*s%s: %s", depth * 2, "", key, *hx != '\0' ? shown(hx) : "(empty)");
		/* a URI as text too */
		if ((strcmp(key, "uri") == 0 || strcmp(key, "update_uri") == 0) && *hx != '\0' &&
		    parse_hex(hx, text, sizeof(text) - 1, &n) == 0) {
			text[n] = '\0';
			printf(" (\"%s\")", shown((const char *)text));
		}
		printf("\n");
	}
}

static int
msg_decode(int json, const char *params, const char *file, const char *hex)
{
	struct ota_mesh_msg *m;
	uint8_t buf[2 * OTA_MESH_MSG_MAX];
	struct {
		char *p;
		size_t n;
	} out = { NULL, 0 };
	uint64_t op = 0;
	size_t n = 0;
	json_error_t jerr;
	json_t *o, *v;
	const char *k;
	FILE *mf;
	int r;

	if (params != NULL && parse_uint(params, 0xFFFFFF, &op) != 0)
		tool_die(EXIT_USAGE, "--params %s: not an opcode", shown(params));
	if (file != NULL) {
		if (read_small(strcmp(file, "-") == 0 ? "/dev/stdin" : file, buf, sizeof(buf), &n)
		    != 0)
			tool_die(EXIT_USAGE, "%s: %s", file, errno == EFBIG ? "longer than any "
			    "access message" : strerror(errno));
	} else if (parse_hex(hex, buf, sizeof(buf), &n) != 0) {
		tool_die(EXIT_USAGE, "%s: not hex (or longer than any access message)", shown(hex));
	}
	if ((m = ota_mesh_msg_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	r = params != NULL ? ota_mesh_msg_decode_params(m, (uint32_t)op, buf, n) :
	    ota_mesh_msg_decode(m, buf, n);
	if (r != OTA_OK) {
		tool_warn("%s: %s", ota_strerror(r), ota_mesh_msg_errmsg(m));
		ota_mesh_msg_free(&m);
		return r == OTA_E_INVAL ? EXIT_USAGE : EXIT_INVALID;
	}
	if ((mf = open_memstream(&out.p, &out.n)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	r = ota_mesh_msg_write_json(m, write_file, mf);
	if (fclose(mf) != 0 || r != OTA_OK)
		tool_die(EXIT_USAGE, "cannot write the JSON form: %s", ota_strerror(r));
	if (json) {
		fputs(out.p, stdout);
	} else if ((o = json_loadb(out.p, out.n, 0, &jerr)) != NULL) {
		printf("%s (%s), %zu octets\n", ota_mesh_msg_name(m),
		    json_string_value(json_object_get(o, "opcode")), n);
		json_object_foreach(o, k, v)
			if (strcmp(k, "message") != 0 && strcmp(k, "opcode") != 0)
				print_value(ota_mesh_msg_name(m), k, v, 1);
		json_decref(o);
	}
	free(out.p);
	ota_mesh_msg_free(&m);
	return EXIT_OK;
}

static int
msg_encode(int params, const char *file)
{
	struct ota_mesh_msg *m = ota_mesh_msg_new();
	uint8_t *text, out[OTA_MESH_MSG_MAX];
	size_t n = 0, on = sizeof(out);
	int r;

	if (m == NULL || (text = malloc(TEXT_MAX)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (file == NULL || strcmp(file, "-") == 0)
		file = "/dev/stdin";
	if (read_small(file, text, TEXT_MAX, &n) != 0) {
		tool_warn("%s: %s", file, errno == EFBIG ? "over 64 KiB" : strerror(errno));
		free(text);
		ota_mesh_msg_free(&m);
		return EXIT_USAGE;
	}
	r = ota_mesh_msg_from_json(m, (const char *)text, n);
	free(text);
	if (r == OTA_OK)
		r = params ? ota_mesh_msg_encode_params(m, out, &on) :
		    ota_mesh_msg_encode(m, out, &on);
	if (r != OTA_OK) {
		tool_warn("%s: %s", ota_strerror(r), ota_mesh_msg_errmsg(m));
		ota_mesh_msg_free(&m);
		return EXIT_INVALID;
	}
	print_hex(out, on);
	ota_mesh_msg_free(&m);
	return EXIT_OK;
}

static int
msg_list(void)
{
	uint32_t op;
	size_t i;

	for (i = 0; ota_mesh_msg_op_at(i, &op) == OTA_OK; i++)
		printf("0x%0*X %s\n", op < 0x80 ? 2 : 4, (unsigned)op, ota_mesh_msg_op_name(op));
	return EXIT_OK;
}

int
mesh_msg_main(int argc, char **argv)
{
	static char self[64];
	const char *op, *params = NULL, *file = NULL;
	int c, json = 0, pflag = 0;

	if (argc < 2 || (strcmp(argv[1], "decode") != 0 && strcmp(argv[1], "encode") != 0 &&
	    strcmp(argv[1], "list") != 0)) {
		if (argc >= 2 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
			return tool_usage(EXIT_OK, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
		tool_warn("mesh msg: decode, encode or list");
		return tool_usage(EXIT_USAGE, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
	}
	op = argv[1];
	argc--;
	argv++;
	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	while ((c = getopt_long(argc, argv, SHORTOPTS, msg_lo, NULL)) != -1) {
		opt_once(msg_lo, c, NULL);
		if (common_opt(c))
			continue;
		switch (c) {
		case O_JSON: json = 1; break;
		case O_PARAMS: pflag = 1; params = optarg; break;
		case O_FILE: file = optarg; break;
		case 'h':
			return tool_usage(EXIT_OK, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
		default:
			return tool_usage(EXIT_USAGE, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
		}
	}
	argc -= optind;
	argv += optind;
	if (strcmp(op, "list") == 0) {
		if (argc != 0 || json || pflag || file != NULL)
			return tool_usage(EXIT_USAGE, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
		return msg_list();
	}
	if (strcmp(op, "encode") == 0) {
		if (argc > 1 || json || file != NULL || params != NULL) {
			tool_warn("mesh msg encode: at most one JSON file, and --params takes no value");
			return tool_usage(EXIT_USAGE, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
		}
		return msg_encode(pflag, argc == 1 ? argv[0] : NULL);
	}
	if ((file == NULL) == (argc != 1) || argc > 1 || (pflag && params == NULL)) {
		tool_warn("mesh msg decode: one HEX argument or --file FILE; --params=OPCODE");
		return tool_usage(EXIT_USAGE, MSG_SYNOPSIS, msg_lo, SHORTOPTS);
	}
	return msg_decode(json, params, file, argc == 1 ? argv[0] : NULL);
}

/* ---- plan ---- */

/* A --target: a preset, hex of a BLOB Information Status (opcode optional),
 * its JSON form, or a file holding either. */
static void
target_caps(const char *arg, struct ota_blob_caps *caps)
{
	static const struct ota_blob_caps zephyr = { 12, 12, 256, 65, 524288, 68, 3 };
	static const struct ota_blob_caps seg32 = { 12, 12, 256, 377, 524288, 380, 3 };
	struct ota_mesh_msg *m;
	uint8_t *buf;
	const char *s = arg;
	size_t n = 0;
	int r;

	if (strcmp(arg, "zephyr") == 0 || strcmp(arg, "zephyr-32seg") == 0) {
		*caps = arg[6] == '\0' ? zephyr : seg32;
		return;
	}
	if ((m = ota_mesh_msg_new()) == NULL || (buf = malloc(TEXT_MAX + 1)) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (arg[0] != '{' && parse_hex(arg, buf, OTA_MESH_MSG_MAX, &n) != 0) {
		if (read_small(arg, buf, TEXT_MAX, &n) != 0)
			tool_die(EXIT_USAGE, "--target %s: not hex, JSON, a preset or a readable file",
			    shown(arg));
		buf[n] = '\0';
		s = (const char *)buf;
		while (*s == ' ' || *s == '\n' || *s == '\t')
			s++;
		if (*s != '{' && parse_hex(s, buf, OTA_MESH_MSG_MAX, &n) != 0)
			tool_die(EXIT_USAGE, "--target %s: the file holds neither hex nor JSON",
			    shown(arg));
	}
	if (*s == '{')
		r = ota_mesh_msg_from_json(m, s, strlen(s));
	else if (n == 13)
		r = ota_mesh_msg_decode_params(m, OTA_MESH_OP_BLOB_INFORMATION_STATUS, buf, n);
	else
		r = ota_mesh_msg_decode(m, buf, n);
	free(buf);
	if (r != OTA_OK) {
		tool_warn("--target %s: %s: %s", shown(arg), ota_strerror(r), ota_mesh_msg_errmsg(m));
		ota_mesh_msg_free(&m);
		exit(EXIT_INVALID);
	}
	if (ota_blob_caps_from_msg(m, caps) != OTA_OK) {
		tool_warn("--target %s: a %s, not a BLOB Information Status", shown(arg),
		    ota_mesh_msg_name(m));
		ota_mesh_msg_free(&m);
		exit(EXIT_INVALID);
	}
	ota_mesh_msg_free(&m);
}

static uint32_t
num(const char *opt, const char *s, uint64_t max)
{
	uint64_t v;

	if (parse_uint(s, max, &v) != 0)
		tool_die(EXIT_USAGE, "--%s %s: not a number up to %llu", opt, shown(s),
		    (unsigned long long)max);
	return (uint32_t)v;
}

static void
print_plan(const struct ota_blob_plan *p, size_t nt)
{
	struct ota_blob_plan_result r;
	size_t g, t, tg;

	for (g = 0; ota_blob_plan_group(p, g, &r) == OTA_OK; g++) {
		printf("group %zu: %s mode, targets", g, r.mode == OTA_BLOB_MODE_PULL ? "pull" :
		    "push");
		for (t = 0; t < nt; t++)
			if (ota_blob_plan_target_group(p, t, &tg) == OTA_OK && tg == g)
				printf(" %zu", t);
		printf("\n  block size: 2^%u = %u octets\n", (unsigned)r.block_log,
		    (unsigned)r.block_size);
		printf("  chunk size: %u octets\n", (unsigned)r.chunk_size);
		printf("  blocks: %u (last %u octets)\n", (unsigned)r.blocks,
		    (unsigned)r.last_block_size);
		printf("  chunks per block: %u (last block %u)\n", (unsigned)r.chunks_per_block,
		    (unsigned)r.last_block_chunks);
		printf("  chunks: %llu\n", (unsigned long long)r.chunks);
		printf("  chunk messages: %llu x %u segments = %llu segments\n",
		    (unsigned long long)r.chunk_messages, (unsigned)r.segments_per_chunk,
		    (unsigned long long)r.segments);
		printf("  other messages: %llu\n", (unsigned long long)r.control_messages);
		printf("  estimated time: %llu.%03llu s\n", (unsigned long long)(r.time_ms / 1000),
		    (unsigned long long)(r.time_ms % 1000));
	}
}

int
mesh_plan_main(int argc, char **argv)
{
	static char self[64];
	static const int rep[] = { O_TARGET, O_LPN, 0 };
	struct ota_blob_timing tm;
	struct ota_blob_caps caps;
	struct ota_blob_plan *p;
	const char *size = NULL, **targets, **lpns;
	size_t nt = 0, nl = 0, i;
	uint32_t cmtu = 0, cchunk = 0, cchunks = 0, csdu = 0, idx, q;
	int c, json = 0, split = 0, r;
	char *colon;

	memset(&tm, 0, sizeof(tm));
	if ((targets = calloc((size_t)argc, sizeof(*targets))) == NULL ||
	    (lpns = calloc((size_t)argc, sizeof(*lpns))) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	(void)snprintf(self, sizeof(self), "%s", tool_name);
	argv[0] = self;
	while ((c = getopt_long(argc, argv, SHORTOPTS, plan_lo, NULL)) != -1) {
		opt_once(plan_lo, c, rep);
		if (common_opt(c))
			continue;
		switch (c) {
		case O_SIZE: size = optarg; break;
		case O_TARGET: targets[nt++] = optarg; break;
		case O_LPN: lpns[nl++] = optarg; break;
		case O_CMTU: cmtu = num("client-mtu", optarg, 0xFFFF); break;
		case O_CCHUNK: cchunk = num("client-chunk", optarg, 0xFFFF); break;
		case O_CCHUNKS: cchunks = num("client-chunks", optarg, 0xFFFF); break;
		case O_CSDU: csdu = num("client-sdu", optarg, 384); break;
		case O_SPLIT: split = 1; break;
		case O_PDU: tm.pdu_interval_ms = num("pdu-ms", optarg, 600000); break;
		case O_GAP: tm.chunk_gap_ms = num("chunk-gap-ms", optarg, 600000); break;
		case O_POLL: tm.poll_ms = num("poll-ms", optarg, 600000); break;
		case O_PULL: tm.pull_chunks = num("pull-chunks", optarg, 0xFFFF); break;
		case O_JSON: json = 1; break;
		case 'h':
			r = tool_usage(EXIT_OK, PLAN_SYNOPSIS, plan_lo, SHORTOPTS);
			goto out;
		default:
			r = tool_usage(EXIT_USAGE, PLAN_SYNOPSIS, plan_lo, SHORTOPTS);
			goto out;
		}
	}
	if (optind != argc || size == NULL || nt == 0) {
		tool_warn("mesh plan: --size and at least one --target, no other arguments");
		r = tool_usage(EXIT_USAGE, PLAN_SYNOPSIS, plan_lo, SHORTOPTS);
		goto out;
	}
	if (csdu != 0) {
		/* a Chunk Transfer SDU: opcode, chunk number, data, 4-octet TransMIC */
		if (csdu < 15 || cchunk != 0)
			tool_die(EXIT_USAGE, "--client-sdu: 15 to 384 octets, and not with --client-chunk");
		cchunk = csdu - 7;
	}
	if ((p = ota_blob_plan_new()) == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	if (ota_blob_plan_set_size(p, num("size", size, UINT32_MAX)) != OTA_OK)
		tool_die(EXIT_USAGE, "--size %s: %s", shown(size), ota_blob_plan_errmsg(p));
	for (i = 0; i < nt; i++) {
		uint16_t queue = 0;
		size_t k;

		for (k = 0; k < nl; k++) {
			if ((colon = strchr(lpns[k], ':')) == NULL)
				tool_die(EXIT_USAGE, "--lpn %s: not IDX:QUEUE", shown(lpns[k]));
			*colon = '\0';
			idx = num("lpn", lpns[k], 0xFFFF);
			q = num("lpn", colon + 1, 0xFF);
			*colon = ':';
			if (idx >= nt)
				tool_die(EXIT_USAGE, "--lpn %s: there are %zu targets (0..%zu)",
				    shown(lpns[k]), nt, nt - 1);
			if (q == 0)
				tool_die(EXIT_USAGE, "--lpn %s: a Friend queue holds 1 to 255 "
				    "messages", shown(lpns[k]));
			if (idx == i && queue != 0)
				tool_die(EXIT_USAGE, "--lpn: target %u given twice", (unsigned)idx);
			if (idx == i)
				queue = (uint16_t)q;
		}
		target_caps(targets[i], &caps);
		if (ota_blob_plan_add_target(p, &caps, queue, NULL) != OTA_OK)
			tool_die(EXIT_USAGE, "%s", ota_blob_plan_errmsg(p));
	}
	(void)ota_blob_plan_set_client(p, (uint16_t)cchunk, (uint16_t)cmtu, (uint16_t)cchunks);
	(void)ota_blob_plan_set_timing(p, &tm);
	if ((r = ota_blob_plan_compute(p, split ? OTA_BLOB_PLAN_SPLIT : 0)) != OTA_OK) {
		tool_warn("%s: %s", ota_strerror(r), ota_blob_plan_errmsg(p));
		r = EXIT_INVALID;
	} else if (json) {
		if (ota_blob_plan_write_json(p, write_file, stdout) != OTA_OK)
			tool_die(EXIT_USAGE, "cannot write the JSON output");
		r = EXIT_OK;
	} else {
		print_plan(p, nt);
		r = EXIT_OK;
	}
	ota_blob_plan_free(&p);
out:
	free(targets);
	free(lpns);
	return r;
}
