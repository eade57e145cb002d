/* mcuboot_out.c - MCUboot image printers: text lines and the JSON objects
 * of inspect and verify (otaimg-inspect(1), otaimg-verify(1)). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "otaimg.h"
#include "tool.h"
#include "mcuboot_out.h"

static const struct {
	uint32_t bit;
	const char *name;
} flagtab[] = {
	{ OTA_MCUBOOT_F_PIC, "pic" },
	{ OTA_MCUBOOT_F_ENCRYPTED_AES128, "encrypted-aes128" },
	{ OTA_MCUBOOT_F_ENCRYPTED_AES256, "encrypted-aes256" },
	{ OTA_MCUBOOT_F_NON_BOOTABLE, "non-bootable" },
	{ OTA_MCUBOOT_F_RAM_LOAD, "ram-load" },
	{ OTA_MCUBOOT_F_ROM_FIXED, "rom-fixed" },
	{ OTA_MCUBOOT_F_COMPRESSED_LZMA1, "compressed-lzma1" },
	{ OTA_MCUBOOT_F_COMPRESSED_LZMA2, "compressed-lzma2" },
	{ OTA_MCUBOOT_F_COMPRESSED_ARM_THUMB, "compressed-arm-thumb" },
};

void
mcuboot_flag_names(uint32_t flags, char *buf, size_t len)
{
	size_t i, n = 0;
	uint32_t known = 0;

	buf[0] = '\0';
	for (i = 0; i < sizeof(flagtab) / sizeof(flagtab[0]); i++) {
		known |= flagtab[i].bit;
		if ((flags & flagtab[i].bit) && n < len)
			n += (size_t)snprintf(buf + n, len - n, "%s%s", n ? "," : "", flagtab[i].name);
	}
	if ((flags & ~known) && n < len)
		n += (size_t)snprintf(buf + n, len - n, "%sunknown-0x%08x", n ? "," : "",
		    (unsigned)(flags & ~known));
	if (n == 0)
		(void)snprintf(buf, len, "none");
}

static json_t *
hexstr(const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	char *b = malloc(2 * n + 1);
	json_t *s;
	size_t i;

	if (b == NULL)
		tool_die(EXIT_USAGE, "out of memory");
	for (i = 0; i < n; i++) {
		b[2 * i] = hx[p[i] >> 4];
		b[2 * i + 1] = hx[p[i] & 15];
	}
	b[2 * n] = '\0';
	s = json_string(b);
	free(b);
	return s;
}

/* The index of the first TLV of one of the types, or -1. */
static long
find_tlv(const struct ota_mcuboot *m, const uint16_t *types, size_t nt)
{
	size_t i, k, n = ota_mcuboot_tlv_count(m);
	uint16_t t;

	for (i = 0; i < n; i++)
		if (ota_mcuboot_tlv_get(m, i, &t, NULL, NULL, NULL) == OTA_OK)
			for (k = 0; k < nt; k++)
				if (t == types[k])
					return (long)i;
	return -1;
}

static const uint16_t hash_types[] = { OTA_MCUBOOT_TLV_SHA256, OTA_MCUBOOT_TLV_SHA384,
	OTA_MCUBOOT_TLV_SHA512 };
static const uint16_t sig_types[] = { OTA_MCUBOOT_TLV_RSA2048_PSS, 0x21, OTA_MCUBOOT_TLV_ECDSA_SIG,
	OTA_MCUBOOT_TLV_RSA3072_PSS, OTA_MCUBOOT_TLV_ED25519 };

const char *
mcuboot_sig_name(const struct ota_mcuboot *m)
{
	long i = find_tlv(m, sig_types, sizeof(sig_types) / sizeof(sig_types[0]));
	uint16_t t;

	if (i < 0 || ota_mcuboot_tlv_get(m, (size_t)i, &t, NULL, NULL, NULL) != OTA_OK)
		return NULL;
	return ota_mcuboot_tlv_name(t);
}

json_t *
mcuboot_json_hash(const struct ota_mcuboot *m)
{
	long i = find_tlv(m, hash_types, 3);
	const uint8_t *v;
	uint8_t d[OTA_MCUBOOT_DIGEST_MAX];
	size_t dl = sizeof(d);
	uint16_t len;
	char alg[16];
	json_t *o;

	if (i < 0 || ota_mcuboot_tlv_value(m, (size_t)i, &v, &len) != OTA_OK)
		return json_null();
	o = json_object();
	(void)snprintf(alg, sizeof(alg), "sha%u", ota_mcuboot_hash_bits(m));
	json_object_set_new(o, "algorithm", json_string(alg));
	json_object_set_new(o, "stored", hexstr(v, len));
	json_object_set_new(o, "computed", ota_mcuboot_digest(m, d, &dl) == OTA_OK ?
	    hexstr(d, dl) : json_null());
	json_object_set_new(o, "match", json_boolean(ota_mcuboot_hash_ok(m)));
	return o;
}

json_t *
mcuboot_json_diags(const struct ota_mcuboot *m)
{
	json_t *a = json_array(), *d;
	const char *msg;
	uint64_t off;
	size_t i, n = ota_mcuboot_diag_count(m);
	int code;

	for (i = 0; i < n; i++) {
		if (ota_mcuboot_diag_get(m, i, &code, &off, &msg) != OTA_OK)
			continue;
		d = json_object();
		json_object_set_new(d, "code", json_string(ota_diag_name(code)));
		json_object_set_new(d, "severity", json_string(ota_severity_name(ota_diag_severity(code))));
		json_object_set_new(d, "offset", json_integer((json_int_t)off));
		json_object_set_new(d, "message", json_string(msg));
		json_object_set_new(d, "count", json_integer(1));
		json_array_append_new(a, d);
	}
	return a;
}

json_t *
mcuboot_json(const struct ota_mcuboot *m)
{
	json_t *o = json_object(), *a, *t, *v;
	struct ota_fw_version ver;
	const uint8_t *val;
	char buf[256];
	uint64_t off, len;
	uint16_t type, tl;
	size_t i, n;
	int prot, bm, st;

	json_set_num(o, "magic", ota_mcuboot_magic(m), 8);
	json_set_num(o, "load_addr", ota_mcuboot_load_addr(m), 8);
	json_object_set_new(o, "header_size", json_integer(ota_mcuboot_header_size(m)));
	json_object_set_new(o, "image_size", json_integer((json_int_t)ota_mcuboot_image_size(m)));
	json_object_set_new(o, "protect_tlv_size", json_integer(ota_mcuboot_protect_tlv_size(m)));
	json_set_num(o, "flags", ota_mcuboot_flags(m), 8);
	a = json_array();
	mcuboot_flag_names(ota_mcuboot_flags(m), buf, sizeof(buf));
	if (strcmp(buf, "none") != 0) {
		char *p = buf, *c;

		while (p != NULL) {
			if ((c = strchr(p, ',')) != NULL)
				*c++ = '\0';
			json_array_append_new(a, json_string(p));
			p = c;
		}
	}
	json_object_set_new(o, "flag_names", a);
	if (ota_mcuboot_version(m, &ver) == OTA_OK) {
		(void)ota_fw_version_format(&ver, buf, sizeof(buf));
		json_object_set_new(o, "version", json_string(buf));
		v = json_object();
		json_object_set_new(v, "major", json_integer(ver.major));
		json_object_set_new(v, "minor", json_integer(ver.minor));
		json_object_set_new(v, "revision", json_integer(ver.revision));
		json_object_set_new(v, "build", json_integer((json_int_t)ver.build));
		json_object_set_new(o, "version_fields", v);
	}
	json_object_set_new(o, "signed_size", json_integer((json_int_t)ota_mcuboot_signed_size(m)));
	json_object_set_new(o, "hash", mcuboot_json_hash(m));
	st = ota_mcuboot_sig_type(m);
	if (mcuboot_sig_name(m) != NULL) {
		v = json_object();
		json_object_set_new(v, "type", json_string(mcuboot_sig_name(m)));
		json_object_set_new(v, "key_type", st != 0 ?
		    json_string(ota_key_type_name((enum ota_key_type)st)) : json_null());
		json_object_set_new(v, "result", json_string(ota_sig_result_name(
		    ota_mcuboot_sig_result(m) == OTA_SIG_ABSENT ? OTA_SIG_NOT_CHECKED :
		    ota_mcuboot_sig_result(m))));
		json_object_set_new(o, "signature", v);
	} else {
		json_object_set_new(o, "signature", json_null());
	}
	a = json_array();
	n = ota_mcuboot_tlv_count(m);
	for (i = 0; i < n; i++) {
		if (ota_mcuboot_tlv_get(m, i, &type, &prot, &off, &tl) != OTA_OK ||
		    ota_mcuboot_tlv_value(m, i, &val, &tl) != OTA_OK)
			continue;
		t = json_object();
		json_set_num(t, "type", type, 4);
		json_object_set_new(t, "name", json_string(ota_mcuboot_tlv_name(type)));
		json_object_set_new(t, "protected", json_boolean(prot));
		json_object_set_new(t, "offset", json_integer((json_int_t)off));
		json_object_set_new(t, "length", json_integer(tl));
		json_object_set_new(t, "value", hexstr(val, tl));
		json_array_append_new(a, t);
	}
	json_object_set_new(o, "tlvs", a);
	if (ota_mcuboot_trailer(m, &off, &len, &bm) == OTA_OK) {
		t = json_object();
		json_object_set_new(t, "offset", json_integer((json_int_t)off));
		json_object_set_new(t, "length", json_integer((json_int_t)len));
		json_object_set_new(t, "boot_magic", json_boolean(bm));
		json_object_set_new(o, "trailer", t);
	} else {
		json_object_set_new(o, "trailer", json_null());
	}
	return o;
}

static void
hexline(FILE *fp, const uint8_t *p, size_t n, size_t max)
{
	size_t i;

	for (i = 0; i < n && i < max; i++)
		fprintf(fp, "%02x", p[i]);
	if (n > max)
		fprintf(fp, "...");
}

void
mcuboot_print(FILE *fp, const struct ota_mcuboot *m, const char *indent)
{
	struct ota_fw_version ver;
	const uint8_t *val;
	uint8_t d[OTA_MCUBOOT_DIGEST_MAX];
	size_t dl = sizeof(d), i, n;
	char buf[256];
	uint64_t off, len;
	uint16_t type, tl;
	int prot, bm, st;
	const char *sn;

	fprintf(fp, "%smagic                0x%08X%s\n", indent, (unsigned)ota_mcuboot_magic(m),
	    ota_mcuboot_magic(m) == OTA_MCUBOOT_MAGIC_V1 ? " (version 1)" : "");
	fprintf(fp, "%sload address         0x%08X\n", indent, (unsigned)ota_mcuboot_load_addr(m));
	fprintf(fp, "%sheader size          %u (0x%X)\n", indent, ota_mcuboot_header_size(m),
	    ota_mcuboot_header_size(m));
	fprintf(fp, "%simage size           %u\n", indent, (unsigned)ota_mcuboot_image_size(m));
	fprintf(fp, "%sprotected TLV size   %u\n", indent, ota_mcuboot_protect_tlv_size(m));
	mcuboot_flag_names(ota_mcuboot_flags(m), buf, sizeof(buf));
	fprintf(fp, "%sflags                0x%08X (%s)\n", indent, (unsigned)ota_mcuboot_flags(m), buf);
	if (ota_mcuboot_version(m, &ver) == OTA_OK) {
		(void)ota_fw_version_format(&ver, buf, sizeof(buf));
		fprintf(fp, "%sversion              %s\n", indent, buf);
	}
	fprintf(fp, "%ssigned size          %llu\n", indent,
	    (unsigned long long)ota_mcuboot_signed_size(m));
	if (ota_mcuboot_digest(m, d, &dl) == OTA_OK) {
		fprintf(fp, "%shash                 SHA-%u ", indent, ota_mcuboot_hash_bits(m));
		hexline(fp, d, dl, dl);
		fprintf(fp, " (%s the hash TLV)\n", ota_mcuboot_hash_ok(m) ? "matches" :
		    "DOES NOT MATCH");
	} else {
		fprintf(fp, "%shash                 none (no hash TLV)\n", indent);
	}
	sn = mcuboot_sig_name(m);
	st = ota_mcuboot_sig_type(m);
	if (sn != NULL)
		fprintf(fp, "%ssignature            %s (%s key; checked by verify --key)\n", indent, sn,
		    st != 0 ? ota_key_type_name((enum ota_key_type)st) : "unknown");
	else
		fprintf(fp, "%ssignature            none\n", indent);
	n = ota_mcuboot_tlv_count(m);
	fprintf(fp, "%sTLVs                 %zu\n", indent, n);
	for (i = 0; i < n; i++) {
		if (ota_mcuboot_tlv_get(m, i, &type, &prot, &off, &tl) != OTA_OK ||
		    ota_mcuboot_tlv_value(m, i, &val, &tl) != OTA_OK)
			continue;
		fprintf(fp, "%s  %3zu  0x%04X %-12s %s offset %-8llu length %-5u ", indent, i, type,
		    ota_mcuboot_tlv_name(type), prot ? "protected  " : "unprotected",
		    (unsigned long long)off, tl);
		hexline(fp, val, tl, 32);
		fprintf(fp, "\n");
	}
	if (ota_mcuboot_trailer(m, &off, &len, &bm) == OTA_OK)
		fprintf(fp, "%strailer              %llu bytes at offset %llu (%s)\n", indent,
		    (unsigned long long)len, (unsigned long long)off, bm ? "slot padding, boot magic" :
		    "no boot magic");
}
