/* mesh_out.c - text and JSON printers of Firmware IDs, Zephyr-format
 * metadata and composition data (otaimg-mesh(1); also used by inspect). */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "mesh_out.h"
#include "tool.h"

static const char *const core_bit[8] = { "application", "network", "application-blob",
	"rfu3", "rfu4", "rfu5", "rfu6", "rfu7" };

void
mesh_core_type_text(uint8_t core, char *buf, size_t len)
{
	size_t i, n = 0;

	if (len == 0)
		return;
	buf[0] = '\0';
	if (core == 0) {
		(void)snprintf(buf, len, "none");
		return;
	}
	for (i = 0; i < 8; i++) {
		if ((core & (1u << i)) == 0)
			continue;
		(void)snprintf(buf + n, len - n, "%s%s", n > 0 ? "," : "", core_bit[i]);
		n = strlen(buf);
	}
}

json_t *
mesh_hex_json(const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char *s = malloc(2 * n + 1);
	json_t *j;
	size_t i;

	if (s == NULL)
		return NULL;
	for (i = 0; i < n; i++) {
		s[2 * i] = digits[p[i] >> 4];
		s[2 * i + 1] = digits[p[i] & 0xF];
	}
	s[2 * n] = '\0';
	j = json_string(s);
	free(s);
	return j;
}

static void
fphex(FILE *fp, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(fp, "%02x", p[i]);
}

json_t *
mesh_md_json(const struct ota_mesh_md *md)
{
	uint8_t buf[OTA_MESH_MD_MAX];
	struct ota_fw_version v;
	const uint8_t *ud = NULL;
	size_t n = sizeof(buf), udlen = 0, i;
	char vt[48], hx[16];
	uint32_t hash;
	uint16_t elems;
	uint8_t core = ota_mesh_md_core_type(md);
	json_t *o = json_object(), *names = json_array();

	if (o == NULL || names == NULL) {
		json_decref(o);
		json_decref(names);
		return NULL;
	}
	(void)ota_mesh_md_version(md, &v);
	(void)ota_fw_version_format(&v, vt, sizeof(vt));
	json_object_set_new(o, "version", json_string(vt));
	json_object_set_new(o, "fw_size", json_integer(ota_mesh_md_fw_size(md)));
	json_object_set_new(o, "core_type", json_integer(core));
	for (i = 0; i < 8; i++)
		if ((core & (1u << i)) != 0)
			json_array_append_new(names, json_string(core_bit[i]));
	json_object_set_new(o, "core_types", names);
	json_object_set_new(o, "form", json_string(ota_mesh_md_form_name(ota_mesh_md_form(md))));
	if (ota_mesh_md_comp(md, &hash, &elems) == OTA_OK) {
		json_object_set_new(o, "composition_hash", json_integer(hash));
		(void)snprintf(hx, sizeof(hx), "0x%08lx", (unsigned long)hash);
		json_object_set_new(o, "composition_hash_hex", json_string(hx));
		json_object_set_new(o, "elements", json_integer(elems));
	}
	(void)ota_mesh_md_user_data(md, &ud, &udlen);
	json_object_set_new(o, "user_data", mesh_hex_json(ud, udlen));
	if (ota_mesh_md_encode(md, buf, &n) == OTA_OK) {
		json_object_set_new(o, "length", json_integer((json_int_t)n));
		json_object_set_new(o, "hex", mesh_hex_json(buf, n));
	}
	return o;
}

void
mesh_md_print(FILE *fp, const struct ota_mesh_md *md, const char *indent)
{
	struct ota_fw_version v;
	const uint8_t *ud = NULL;
	size_t udlen = 0;
	char vt[48], ct[96];
	uint32_t hash;
	uint16_t elems;
	uint8_t core = ota_mesh_md_core_type(md);
	enum ota_mesh_md_form form = ota_mesh_md_form(md);

	(void)ota_mesh_md_version(md, &v);
	(void)ota_fw_version_format(&v, vt, sizeof(vt));
	mesh_core_type_text(core, ct, sizeof(ct));
	fprintf(fp, "%sversion: %s\n", indent, vt);
	fprintf(fp, "%sfw_size: %lu\n", indent, (unsigned long)ota_mesh_md_fw_size(md));
	fprintf(fp, "%score type: 0x%02x (%s)\n", indent, core, ct);
	if (ota_mesh_md_comp(md, &hash, &elems) == OTA_OK) {
		fprintf(fp, "%scomposition hash: 0x%08lx\n", indent, (unsigned long)hash);
		fprintf(fp, "%selements: %u\n", indent, (unsigned)elems);
	}
	(void)ota_mesh_md_user_data(md, &ud, &udlen);
	fprintf(fp, "%suser data: %zu bytes%s", indent, udlen, udlen > 0 ? " " : "");
	fphex(fp, ud, udlen);
	fprintf(fp, "\n%sform: %s", indent, ota_mesh_md_form_name(form));
	if (form == OTA_MESH_MD_APPENDED && udlen >= 6)
		/* what Zephyr's always-append encoder put there */
		fprintf(fp, " (no application bit, yet the user data starts like a "
		    "composition hash 0x%02x%02x%02x%02x and %u elements)", ud[3], ud[2], ud[1],
		    ud[0], (unsigned)(ud[4] | (ud[5] << 8)));
	fprintf(fp, "\n");
}

json_t *
mesh_fwid_json(const uint8_t *fwid, size_t len)
{
	char text[OTA_FWID_TEXT_MAX], vt[48];
	struct ota_fw_version v;
	uint16_t company = 0;
	unsigned warn = 0;
	json_t *o = json_object(), *lim = json_array();

	if (o == NULL || lim == NULL) {
		json_decref(o);
		json_decref(lim);
		return NULL;
	}
	json_object_set_new(o, "hex", mesh_hex_json(fwid, len));
	if (ota_fwid_format(fwid, len, text, sizeof(text)) > 0)
		json_object_set_new(o, "text", json_string(text));
	json_object_set_new(o, "length", json_integer((json_int_t)len));
	if (ota_fwid_company(fwid, len, &company) == OTA_OK)
		json_object_set_new(o, "company", json_integer(company));
	if (ota_fwid_version(fwid, len, &v) == OTA_OK) {
		(void)ota_fw_version_format(&v, vt, sizeof(vt));
		json_object_set_new(o, "version", json_string(vt));
	}
	(void)ota_fwid_check(len, &warn);
	if ((warn & OTA_FWID_WARN_ZEPHYR_DEFAULT) != 0)
		json_array_append_new(lim, json_string("over-zephyr-default"));
	if ((warn & OTA_FWID_WARN_ZEPHYR_MAX) != 0)
		json_array_append_new(lim, json_string("over-zephyr-max"));
	json_object_set_new(o, "zephyr_limits", lim);
	return o;
}

void
mesh_fwid_print(FILE *fp, const uint8_t *fwid, size_t len, const char *indent)
{
	char text[OTA_FWID_TEXT_MAX], vt[48];
	struct ota_fw_version v;
	uint16_t company = 0;

	fprintf(fp, "%sfwid: ", indent);
	fphex(fp, fwid, len);
	fprintf(fp, "\n");
	if (ota_fwid_format(fwid, len, text, sizeof(text)) > 0)
		fprintf(fp, "%stext: %s\n", indent, text);
	fprintf(fp, "%slength: %zu\n", indent, len);
	if (ota_fwid_company(fwid, len, &company) == OTA_OK)
		fprintf(fp, "%scompany: 0x%04x\n", indent, company);
	if (ota_fwid_version(fwid, len, &v) == OTA_OK) {
		(void)ota_fw_version_format(&v, vt, sizeof(vt));
		fprintf(fp, "%sversion: %s (MCUboot form)\n", indent, vt);
	}
}

json_t *
mesh_comp_json(const struct ota_mesh_comp *c)
{
	static const char *const hk[5] = { "cid", "pid", "vid", "crpl", "features" };
	uint16_t h[5];
	size_t i, j, ns, nv;
	uint16_t loc;
	uint32_t id;
	json_t *o, *els, *e, *sig, *ven;

	if (ota_mesh_comp_header(c, &h[0], &h[1], &h[2], &h[3], &h[4]) != OTA_OK)
		return NULL;
	if ((o = json_object()) == NULL || (els = json_array()) == NULL) {
		json_decref(o);
		return NULL;
	}
	for (i = 0; i < 5; i++)
		json_object_set_new(o, hk[i], json_integer(h[i]));
	json_object_set_new(o, "elements", els);
	for (i = 0; ota_mesh_comp_element(c, i, &loc, &ns, &nv) == OTA_OK; i++) {
		e = json_object();
		sig = json_array();
		ven = json_array();
		json_array_append_new(els, e);
		json_object_set_new(e, "location", json_integer(loc));
		json_object_set_new(e, "sig_models", sig);
		json_object_set_new(e, "vendor_models", ven);
		for (j = 0; j < ns && ota_mesh_comp_model(c, i, 0, j, &id) == OTA_OK; j++)
			json_array_append_new(sig, json_integer(id));
		for (j = 0; j < nv && ota_mesh_comp_model(c, i, 1, j, &id) == OTA_OK; j++)
			json_array_append_new(ven, json_integer(id));
	}
	return o;
}

void
mesh_comp_print(FILE *fp, const struct ota_mesh_comp *c, const char *indent)
{
	uint16_t h[5], loc;
	size_t i, j, ns, nv;
	uint32_t id;

	if (ota_mesh_comp_header(c, &h[0], &h[1], &h[2], &h[3], &h[4]) != OTA_OK)
		return;
	fprintf(fp, "%scid: 0x%04x  pid: 0x%04x  vid: 0x%04x  crpl: %u  features: 0x%04x\n",
	    indent, h[0], h[1], h[2], (unsigned)h[3], h[4]);
	for (i = 0; ota_mesh_comp_element(c, i, &loc, &ns, &nv) == OTA_OK; i++) {
		fprintf(fp, "%selement %zu: location 0x%04x, %zu SIG, %zu vendor:", indent, i, loc,
		    ns, nv);
		for (j = 0; j < ns && ota_mesh_comp_model(c, i, 0, j, &id) == OTA_OK; j++)
			fprintf(fp, " %04lx", (unsigned long)id);
		for (j = 0; j < nv && ota_mesh_comp_model(c, i, 1, j, &id) == OTA_OK; j++)
			fprintf(fp, " %04lx:%04lx", (unsigned long)(id >> 16),
			    (unsigned long)(id & 0xFFFF));
		fprintf(fp, "\n");
	}
}
