/*
 * fuzz_sigma.c: Sigma rules (catalog/sigma.c, libyaml), then the rule
 * checks (validator/rules.c) against a small real schema: event 31017
 * of Microsoft-Windows-SMBClient as the Windows 10 1803 manifest in
 * samples/ defines it, with the Security channel SigmaHQ's smbclient
 * rules name, so that rules can resolve.
 */
#include <stdlib.h>
#include <string.h>

#include "etwcat.h"
#include "fuzz.h"
#include "load.h"
#include "rules.h"

static const char S_manifest[] =
"<instrumentationManifest xmlns=\"http://schemas.microsoft.com/win/2004/08/events\">\n"
" <instrumentation xmlns:win=\"http://manifests.microsoft.com/win/2004/08/windows/events\">\n"
"  <events>\n"
"   <provider name=\"Microsoft-Windows-SMBClient\" guid=\"{988c59c5-0a1c-45b6-a555-0c62276e327d}\""
" resourceFileName=\"x.dll\" messageFileName=\"x.dll\" symbol=\"MicrosoftWindowsSMBClient\">\n"
"    <channels><channel chid=\"sec\" name=\"Microsoft-Windows-SmbClient/Security\""
" type=\"Operational\" value=\"16\"/></channels>\n"
"    <events>\n"
"     <event value=\"31017\" version=\"0\" level=\"win:Error\" channel=\"sec\""
" template=\"task_031017Args\"/>\n"
"    </events>\n"
"    <templates>\n"
"     <template tid=\"task_031017Args\">\n"
"      <data name=\"UserNameLength\" inType=\"win:UInt16\"/>\n"
"      <data name=\"UserName\" inType=\"win:UnicodeString\" length=\"UserNameLength\"/>\n"
"      <data name=\"ServerNameLength\" inType=\"win:UInt16\"/>\n"
"      <data name=\"ServerName\" inType=\"win:UnicodeString\" length=\"ServerNameLength\"/>\n"
"     </template>\n"
"    </templates>\n"
"   </provider>\n"
"  </events>\n"
" </instrumentation>\n"
"</instrumentationManifest>\n";

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ecat_diag	*d;
	struct ecat_catalog	*cat;
	struct ecat_build	*b;
	char			*buf;

	d = fuzz_diag();
	cat = ecat_catalog_new(d);
	b = ecat_build_get(cat, "Win10-1803-17134");
	ecat_load_xml_mem(cat, b, "smbclient.xml", S_manifest,
	    sizeof(S_manifest) - 1);
	/* The loader expects what ecat_slurp() gives: NUL-terminated. */
	if ((buf = malloc(size + 1)) == NULL)
		abort();
	memcpy(buf, data, size);
	buf[size] = '\0';
	ecat_load_rules_mem(cat, "fuzz.yml", buf, size);
	free(buf);
	ecat_catalog_finish(cat);
	ecat_rules_check(cat);
	ecat_catalog_free(cat);
	ecat_diag_free(d);
	return 0;
}
