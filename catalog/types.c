/*
 * types.c: inType/outType tables, winmeta predefined names, and the
 * names of the model's source kinds.
 *
 * Source: docs/etw-manifest-reference.md §2.1-2.2 (winmeta.xml and
 * tdh.h numbering) and §1.5-1.6 (predefined levels, opcodes, keywords,
 * legacy channels).
 */
#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "model.h"

static const char *const innames[ECAT_IN__MAX] = {
	NULL, "UnicodeString", "AnsiString", "Int8", "UInt8", "Int16",
	"UInt16", "Int32", "UInt32", "Int64", "UInt64", "Float", "Double",
	"Boolean", "Binary", "GUID", "Pointer", "FILETIME", "SYSTEMTIME",
	"SID", "HexInt32", "HexInt64", "CountedUnicodeString",
	"CountedAnsiString", "Struct", "CountedBinary",
};

/*
 * Names PerfView's RegisteredTraceEventParser writes for TDH types that
 * winmeta spells differently; the public corpora (repnz, jdu2600) use
 * them.  TDH_INTYPE_COUNTEDSTRING (300) and COUNTEDANSISTRING (301)
 * decode like the manifest's counted types.
 */
static const struct {
	const char		*name;
	enum ecat_intype	 type;
} inaliases[] = {
	{ "CountedUtf16String", ECAT_IN_COUNTEDSTRING },
	{ "CountedMbcsString", ECAT_IN_COUNTEDANSISTRING },
	{ "CountedString", ECAT_IN_COUNTEDSTRING },
};

static const struct {
	const char	*name;	/* without prefix */
	const char	*ns;	/* "xs" or "win" */
} outnames[ECAT_OUT__MAX] = {
	{ NULL, NULL },
	{ "string", "xs" }, { "dateTime", "xs" }, { "byte", "xs" },
	{ "unsignedByte", "xs" }, { "short", "xs" },
	{ "unsignedShort", "xs" }, { "int", "xs" }, { "unsignedInt", "xs" },
	{ "long", "xs" }, { "unsignedLong", "xs" }, { "float", "xs" },
	{ "double", "xs" }, { "boolean", "xs" }, { "GUID", "xs" },
	{ "hexBinary", "xs" }, { "HexInt8", "win" }, { "HexInt16", "win" },
	{ "HexInt32", "win" }, { "HexInt64", "win" }, { "PID", "win" },
	{ "TID", "win" }, { "Port", "win" }, { "IPv4", "win" },
	{ "IPv6", "win" }, { "SocketAddress", "win" },
	{ "CIMDateTime", "win" }, { "ETWTIME", "win" }, { "Xml", "win" },
	{ "ErrorCode", "win" }, { "Win32Error", "win" },
	{ "NTSTATUS", "win" }, { "HResult", "win" },
	{ "DateTimeCultureInsensitive", "win" }, { "Json", "win" },
	{ "Utf8", "win" }, { "Pkcs7WithTypeInfo", "win" },
	{ "CodePointer", "win" }, { "DateTimeUtc", "win" },
};

/* Valid outTypes per inType, default first, 0-terminated (§2.1). */
#define O(x)	ECAT_OUT_##x
static const unsigned char valid[ECAT_IN__MAX][12] = {
	[ECAT_IN_UNICODESTRING] = { O(STRING), O(XML), O(JSON) },
	[ECAT_IN_ANSISTRING] = { O(STRING), O(XML), O(JSON), O(UTF8) },
	[ECAT_IN_INT8] = { O(BYTE), O(STRING) },
	[ECAT_IN_UINT8] = { O(UNSIGNEDBYTE), O(STRING), O(BOOLEAN),
	    O(HEXINT8) },
	[ECAT_IN_INT16] = { O(SHORT) },
	[ECAT_IN_UINT16] = { O(UNSIGNEDSHORT), O(PORT), O(HEXINT16),
	    O(STRING) },
	[ECAT_IN_INT32] = { O(INT), O(HRESULT), O(LONG) },
	[ECAT_IN_UINT32] = { O(UNSIGNEDINT), O(PID), O(TID), O(IPV4),
	    O(ETWTIME), O(WIN32ERROR), O(NTSTATUS), O(HEXINT32),
	    O(ERRORCODE), O(UNSIGNEDLONG), O(CODEPOINTER) },
	[ECAT_IN_INT64] = { O(LONG) },
	[ECAT_IN_UINT64] = { O(UNSIGNEDLONG), O(ETWTIME), O(HEXINT64),
	    O(CODEPOINTER) },
	[ECAT_IN_FLOAT] = { O(FLOAT) },
	[ECAT_IN_DOUBLE] = { O(DOUBLE) },
	[ECAT_IN_BOOLEAN] = { O(BOOLEAN) },
	[ECAT_IN_BINARY] = { O(HEXBINARY), O(IPV6), O(SOCKETADDRESS),
	    O(PKCS7) },
	[ECAT_IN_GUID] = { O(GUID) },
	[ECAT_IN_POINTER] = { O(HEXINT64), O(CODEPOINTER), O(LONG),
	    O(UNSIGNEDLONG) },
	[ECAT_IN_FILETIME] = { O(DATETIME), O(DATETIME_CULTURE_INSENSITIVE),
	    O(DATETIME_UTC) },
	[ECAT_IN_SYSTEMTIME] = { O(DATETIME), O(DATETIME_CULTURE_INSENSITIVE),
	    O(DATETIME_UTC) },
	[ECAT_IN_SID] = { O(STRING) },
	[ECAT_IN_HEXINT32] = { O(HEXINT32), O(WIN32ERROR), O(NTSTATUS),
	    O(CODEPOINTER) },
	[ECAT_IN_HEXINT64] = { O(HEXINT64), O(CODEPOINTER) },
	[ECAT_IN_COUNTEDSTRING] = { O(STRING), O(XML), O(JSON) },
	[ECAT_IN_COUNTEDANSISTRING] = { O(STRING), O(XML), O(JSON), O(UTF8) },
	[ECAT_IN_STRUCT] = { 0 },
	[ECAT_IN_COUNTEDBINARY] = { O(HEXBINARY), O(IPV6), O(SOCKETADDRESS),
	    O(PKCS7) },
};
#undef O

static const unsigned char insize[ECAT_IN__MAX] = {
	[ECAT_IN_INT8] = 1, [ECAT_IN_UINT8] = 1, [ECAT_IN_INT16] = 2,
	[ECAT_IN_UINT16] = 2, [ECAT_IN_INT32] = 4, [ECAT_IN_UINT32] = 4,
	[ECAT_IN_INT64] = 8, [ECAT_IN_UINT64] = 8, [ECAT_IN_FLOAT] = 4,
	[ECAT_IN_DOUBLE] = 8, [ECAT_IN_BOOLEAN] = 4, [ECAT_IN_GUID] = 16,
	[ECAT_IN_POINTER] = 8, [ECAT_IN_FILETIME] = 8,
	[ECAT_IN_SYSTEMTIME] = 16, [ECAT_IN_HEXINT32] = 4,
	[ECAT_IN_HEXINT64] = 8,
};

enum ecat_intype
ecat_intype_lookup(const char *name, int *folded)
{
	size_t	 i;

	if (folded != NULL)
		*folded = 0;
	if (name == NULL)
		return ECAT_IN_UNKNOWN;
	for (i = 1; i < ECAT_IN__MAX; i++)
		if (strcmp(innames[i], name) == 0)
			return (enum ecat_intype)i;
	for (i = 0; i < sizeof(inaliases) / sizeof(inaliases[0]); i++)
		if (strcmp(inaliases[i].name, name) == 0)
			return inaliases[i].type;
	/* Real manifests carry "win:hexInt32" (§1.1): accept, flag. */
	for (i = 1; i < ECAT_IN__MAX; i++)
		if (strcasecmp(innames[i], name) == 0) {
			if (folded != NULL)
				*folded = 1;
			return (enum ecat_intype)i;
		}
	return ECAT_IN_UNKNOWN;
}

enum ecat_outtype
ecat_outtype_lookup(const char *name, int *folded)
{
	size_t	 i;

	if (folded != NULL)
		*folded = 0;
	if (name == NULL)
		return ECAT_OUT_NONE;
	for (i = 1; i < ECAT_OUT__MAX; i++)
		if (strcmp(outnames[i].name, name) == 0)
			return (enum ecat_outtype)i;
	for (i = 1; i < ECAT_OUT__MAX; i++)
		if (strcasecmp(outnames[i].name, name) == 0) {
			if (folded != NULL)
				*folded = 1;
			return (enum ecat_outtype)i;
		}
	return ECAT_OUT_NONE;
}

const char *
ecat_intype_name(enum ecat_intype t)
{
	return t > 0 && t < ECAT_IN__MAX ? innames[t] : NULL;
}

const char *
ecat_outtype_name(enum ecat_outtype t)
{
	return t > 0 && t < ECAT_OUT__MAX ? outnames[t].name : NULL;
}

const char *
ecat_intype_qname(enum ecat_intype t)
{
	static const char *const q[ECAT_IN__MAX] = {
		NULL, "win:UnicodeString", "win:AnsiString", "win:Int8",
		"win:UInt8", "win:Int16", "win:UInt16", "win:Int32",
		"win:UInt32", "win:Int64", "win:UInt64", "win:Float",
		"win:Double", "win:Boolean", "win:Binary", "win:GUID",
		"win:Pointer", "win:FILETIME", "win:SYSTEMTIME", "win:SID",
		"win:HexInt32", "win:HexInt64", "win:CountedUnicodeString",
		"win:CountedAnsiString", "win:Struct", "win:CountedBinary",
	};

	return t > 0 && t < ECAT_IN__MAX ? q[t] : NULL;
}

const char *
ecat_outtype_qname(enum ecat_outtype t)
{
	static char	 buf[ECAT_OUT__MAX][40];

	if (t <= 0 || t >= ECAT_OUT__MAX)
		return NULL;
	if (buf[t][0] == '\0') {
		/* Built once; the table is constant afterwards. */
		strcpy(buf[t], outnames[t].ns);
		strcat(buf[t], ":");
		strcat(buf[t], outnames[t].name);
	}
	return buf[t];
}

enum ecat_outtype
ecat_outtype_default(enum ecat_intype t)
{
	return t > 0 && t < ECAT_IN__MAX ? (enum ecat_outtype)valid[t][0] :
	    ECAT_OUT_NONE;
}

int
ecat_outtype_valid(enum ecat_intype in, enum ecat_outtype out)
{
	size_t	 i;

	if (in <= 0 || in >= ECAT_IN__MAX || out <= 0 || out >= ECAT_OUT__MAX)
		return 0;
	for (i = 0; i < sizeof(valid[0]) && valid[in][i] != 0; i++)
		if (valid[in][i] == out)
			return 1;
	return 0;
}

unsigned
ecat_intype_size(enum ecat_intype t)
{
	return t > 0 && t < ECAT_IN__MAX ? insize[t] : 0;
}

/* -------------------------------------------------------------- winmeta */

static const struct ecat_winmeta levels[] = {
	{ "win:LogAlways", 0, "Log Always" },
	{ "win:Critical", 1, "Critical" },
	{ "win:Error", 2, "Error" },
	{ "win:Warning", 3, "Warning" },
	/* Windows displays level 4 as "Information" (§1.6). */
	{ "win:Informational", 4, "Information" },
	{ "win:Verbose", 5, "Verbose" },
	{ NULL, 0, NULL }
};

static const struct ecat_winmeta opcodes[] = {
	{ "win:Info", 0, "Info" },
	{ "win:Start", 1, "Start" },
	{ "win:Stop", 2, "Stop" },
	{ "win:DC_Start", 3, "DCStart" },
	{ "win:DC_Stop", 4, "DCStop" },
	{ "win:Extension", 5, "Extension" },
	{ "win:Reply", 6, "Reply" },
	{ "win:Resume", 7, "Resume" },
	{ "win:Suspend", 8, "Suspend" },
	{ "win:Send", 9, "Send" },
	{ "win:Receive", 240, "Receive" },
	{ NULL, 0, NULL }
};

static const struct ecat_winmeta keywords[] = {
	{ "win:AnyKeyword", 0, NULL },
	{ "win:ResponseTime", 1ULL << 48, "Response Time" },
	{ "win:WDIContext", 1ULL << 49, "WDI Context" },
	{ "win:WDIDiag", 1ULL << 50, "WDI Diag" },
	{ "win:SQM", 1ULL << 51, "SQM" },
	{ "win:AuditFailure", 1ULL << 52, "Audit Failure" },
	{ "win:AuditSuccess", 1ULL << 53, "Audit Success" },
	{ "win:CorrelationHint", 1ULL << 54, "Correlation Hint" },
	{ "win:EventlogClassic", 1ULL << 55, "Classic" },
	{ NULL, 0, NULL }
};

static const struct ecat_winmeta channels[] = {
	{ "TraceClassic", 0, "TraceClassic" },
	{ "System", 8, "System" },
	{ "Application", 9, "Application" },
	{ "Security", 10, "Security" },
	{ "TraceLogging", 11, "TraceLogging" },
	{ "ProviderMetadata", 12, "ProviderMetadata" },
	{ NULL, 0, NULL }
};

/* Match "win:X" or bare "X" against a table's "win:X" names. */
static const struct ecat_winmeta *
S_lookup(const struct ecat_winmeta *t, const char *name)
{
	const char	*bare;

	if (name == NULL)
		return NULL;
	bare = strncmp(name, "win:", 4) == 0 ? name + 4 : name;
	for (; t->name != NULL; t++) {
		const char *tb = strncmp(t->name, "win:", 4) == 0 ?
		    t->name + 4 : t->name;
		if (strcmp(tb, bare) == 0)
			return t;
	}
	return NULL;
}

const struct ecat_winmeta *
ecat_winmeta_level(const char *n)
{
	return S_lookup(levels, n);
}

const struct ecat_winmeta *
ecat_winmeta_opcode(const char *n)
{
	return S_lookup(opcodes, n);
}

const struct ecat_winmeta *
ecat_winmeta_keyword(const char *n)
{
	return S_lookup(keywords, n);
}

const struct ecat_winmeta *
ecat_winmeta_channel(const char *n)
{
	return S_lookup(channels, n);
}

const struct ecat_winmeta *
ecat_winmeta_level_by_value(uint64_t v)
{
	const struct ecat_winmeta	*t;

	for (t = levels; t->name != NULL; t++)
		if (t->value == v)
			return t;
	return NULL;
}

const struct ecat_winmeta *
ecat_winmeta_opcode_by_value(uint64_t v)
{
	const struct ecat_winmeta	*t;

	for (t = opcodes; t->name != NULL; t++)
		if (t->value == v)
			return t;
	return NULL;
}

/* ---------------------------------------------------------- source kinds */

/* By enum ecat_srckind (model.h). */
static const struct {
	const char	*name;		/* the exports' id */
	const char	*obtained;	/* build.json's "obtained" words */
} srckinds[ECAT_SRC__MAX] = {
	{ "manifest",	"registered manifest" },
	{ "tsv",	"TSV export" },
	{ "sample",	"captured sample" },
};

const char *
ecat_srckind_name(enum ecat_srckind k)
{
	return (unsigned)k < ECAT_SRC__MAX ? srckinds[k].name : NULL;
}

const char *
ecat_srckind_obtained(enum ecat_srckind k)
{
	return (unsigned)k < ECAT_SRC__MAX ? srckinds[k].obtained : NULL;
}
